//===- BufferTable.cpp - The live buffers of a simulation -----------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/BufferTable.h"

#include <algorithm>
#include <cassert>

using namespace ap::rt;

BufferState *BufferTable::findOther(int64_t id) {
  auto it = others.find(id);
  return it == others.end() ? nullptr : &it->second;
}

BufferState &BufferTable::insert(int64_t id) {
  assert(!find(id) && "the buffer is live already");
  if (id < 0 || id >= kDirectIds)
    return others[id] = BufferState();
  if (static_cast<uint64_t>(id) >= direct.size())
    direct.resize(std::min<size_t>(
        kDirectIds, std::max<size_t>(id + 1, 2 * direct.size())));
  Slot &slot = direct[id];
  slot.state = BufferState();
  slot.live = true;
  return slot.state;
}

void BufferTable::erase(int64_t id) {
  if (id >= 0 && static_cast<uint64_t>(id) < direct.size()) {
    assert(direct[id].live && "the buffer is not live");
    direct[id].live = false;
    return;
  }
  others.erase(id);
}

void BufferTable::clear() {
  for (Slot &slot : direct)
    slot.live = false;
  others.clear();
}
