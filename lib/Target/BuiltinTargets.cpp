//===- BuiltinTargets.cpp - The targets shipped with ap -------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Target/TargetDescription.h"

using namespace mlir;
using namespace mlir::ap;

namespace {
struct BuiltinTarget {
  StringRef name;
  StringRef text;
};
} // namespace

static constexpr BuiltinTarget kBuiltinTargetList[] = {
#include "BuiltinTargets.inc"
    // Ends the list, which may otherwise be empty.
    {"", ""}};
static constexpr ArrayRef<BuiltinTarget> kBuiltinTargets(
    kBuiltinTargetList, std::size(kBuiltinTargetList) - 1);

ArrayRef<StringRef> mlir::ap::getBuiltinTargetNames() {
  static const SmallVector<StringRef> names = [] {
    SmallVector<StringRef> result;
    for (const BuiltinTarget &target : kBuiltinTargets)
      result.push_back(target.name);
    return result;
  }();
  return names;
}

std::optional<StringRef> mlir::ap::getBuiltinTargetDescription(StringRef name) {
  for (const BuiltinTarget &target : kBuiltinTargets)
    if (target.name == name)
      return target.text;
  return std::nullopt;
}
