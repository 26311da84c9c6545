//===- BufferTable.h - The live buffers of a simulation ---------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The descriptors of the live buffers, by buffer id. Compiled code numbers
// buffers from 0 in each function, so small ids index a vector directly (no
// hashing, no allocation per buffer); any other id goes to a hash map.
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_BUFFERTABLE_H
#define AP_RUNTIME_BUFFERTABLE_H

#include "ap/Runtime/Formats.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace ap::rt {

/// The descriptor of a live buffer.
struct BufferState {
  unsigned device = 0, memory = 0;
  /// The format of the values its readers see.
  Format format = Format::Opaque;
  /// The format its values are kept in memory at, when adaptive storage
  /// chose one other than `format` (docs/adaptive-runtime.md).
  std::optional<Format> storedFormat;
  int64_t bytes = 0;
  /// When its contents are complete, and when its last reader so far ends.
  double ready = 0, lastUse = 0;
  /// Its occupant in the tier's occupancy.
  size_t occupant = 0;
};

/// The live buffers by id.
class BufferTable {
public:
  /// The live buffer `id`, or null.
  BufferState *find(int64_t id) {
    if (id < 0 || id >= kDirectIds)
      return findOther(id);
    if (static_cast<uint64_t>(id) >= direct.size() || !direct[id].live)
      return nullptr;
    return &direct[id].state;
  }
  const BufferState *find(int64_t id) const {
    return const_cast<BufferTable *>(this)->find(id);
  }

  /// Makes `id`, which must not be live, live with a default descriptor.
  /// Invalidates the pointers `find` returned.
  BufferState &insert(int64_t id);

  /// Forgets the live buffer `id`.
  void erase(int64_t id);

  /// Forgets every buffer.
  void clear();

private:
  /// Ids below this index `direct` (which grows up to it as needed).
  static constexpr int64_t kDirectIds = 1 << 16;

  struct Slot {
    BufferState state;
    bool live = false;
  };

  BufferState *findOther(int64_t id);

  std::vector<Slot> direct;
  std::unordered_map<int64_t, BufferState> others;
};

} // namespace ap::rt

#endif // AP_RUNTIME_BUFFERTABLE_H
