//===- BufferTableTest.cpp - Tests of the live buffer table ---------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/BufferTable.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <limits>
#include <map>
#include <random>

using namespace ap::rt;

namespace {

TEST(BufferTable, AnyId) {
  BufferTable table;
  // Small ids, large ones and negative ones, including the extremes.
  const int64_t ids[] = {0,
                         1,
                         7,
                         65535,
                         65536,
                         -1,
                         std::numeric_limits<int64_t>::max(),
                         std::numeric_limits<int64_t>::min()};
  for (int64_t id : ids) {
    EXPECT_EQ(table.find(id), nullptr) << id;
    table.insert(id).bytes = id;
  }
  for (int64_t id : ids) {
    ASSERT_NE(table.find(id), nullptr) << id;
    EXPECT_EQ(table.find(id)->bytes, id);
  }
  table.erase(7);
  table.erase(-1);
  EXPECT_EQ(table.find(7), nullptr);
  EXPECT_EQ(table.find(-1), nullptr);
  EXPECT_NE(table.find(65536), nullptr);
  // A new buffer of a released id starts afresh.
  EXPECT_EQ(table.insert(7).bytes, 0);
  table.clear();
  for (int64_t id : ids)
    EXPECT_EQ(table.find(id), nullptr) << id;
}

TEST(BufferTable, EqualsAMap) {
  BufferTable table;
  std::map<int64_t, int64_t> expected;
  std::mt19937_64 random(7);
  for (int event = 0; event < 20000; ++event) {
    int64_t id = random() % 3 == 0
                     ? static_cast<int64_t>(random() % 200000) - 1000
                     : static_cast<int64_t>(random() % 64);
    if (expected.count(id)) {
      ASSERT_NE(table.find(id), nullptr);
      EXPECT_EQ(table.find(id)->bytes, expected[id]);
      table.erase(id);
      expected.erase(id);
    } else {
      ASSERT_EQ(table.find(id), nullptr);
      table.insert(id).bytes = event;
      expected[id] = event;
    }
  }
}

} // namespace
