//===- NameTable.cpp - Interned kernel and transfer names -----------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/NameTable.h"

#include <cstring>

using namespace ap::rt;

/// The most addresses the cache keeps; past it, the cache starts afresh (a
/// caller that builds every name in a new buffer would otherwise grow it
/// without bound).
static constexpr size_t kMaxCachedAddresses = 1 << 16;

unsigned NameTable::intern(const char *name) {
  if (!name)
    return intern(kUnnamed);
  auto cached = byAddress.find(name);
  if (cached != byAddress.end() &&
      std::strcmp(name, names[cached->second].data()) == 0)
    return cached->second;
  unsigned id = intern(llvm::StringRef(name));
  if (byAddress.size() >= kMaxCachedAddresses)
    byAddress.clear();
  byAddress[name] = id;
  return id;
}

unsigned NameTable::intern(llvm::StringRef name) {
  auto [entry, inserted] = ids.try_emplace(name, names.size());
  if (inserted)
    names.push_back(entry->getKey());
  return entry->second;
}

void NameTable::clear() {
  ids.clear();
  names.clear();
  byAddress.clear();
}
