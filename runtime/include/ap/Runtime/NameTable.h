//===- NameTable.h - Interned kernel and transfer names ---------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The names that events carry (kernel cost keys, transfer and probe names),
// interned: the simulator keeps small ids in its per-event records and looks
// the names up only when it writes results or an error message.
//
// Compiled code passes the same constant strings at every call, so a cache
// keyed by the string's address answers most lookups without hashing the
// text. The cache is checked against the text, since a caller of the C ABI
// may reuse one buffer for different names.
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_NAMETABLE_H
#define AP_RUNTIME_NAMETABLE_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <vector>

namespace ap::rt {

/// A set of names, each with a dense id (0, 1, ... in the order first seen).
class NameTable {
public:
  /// The name events without one get.
  static constexpr llvm::StringLiteral kUnnamed = "<unnamed>";

  /// The id of the null-terminated `name` (null: `kUnnamed`), interned on
  /// first use.
  unsigned intern(const char *name);

  /// The id of `name`, interned on first use.
  unsigned intern(llvm::StringRef name);

  /// The name of `id` (null-terminated, valid until `clear`).
  llvm::StringRef get(unsigned id) const { return names[id]; }

  /// The number of names.
  size_t size() const { return names.size(); }

  /// Forgets every name; ids start again from 0.
  void clear();

private:
  /// The id of each name; its keys own the text `names` refer to.
  llvm::StringMap<unsigned> ids;
  /// The name of each id.
  std::vector<llvm::StringRef> names;
  /// The id last interned from each address (to check against the text).
  llvm::DenseMap<const char *, unsigned> byAddress;
};

} // namespace ap::rt

#endif // AP_RUNTIME_NAMETABLE_H
