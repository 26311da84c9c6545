//===- NameTableTest.cpp - Tests of interned names ------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/NameTable.h"

#include "gtest/gtest.h"

#include <cstring>
#include <string>

using namespace ap::rt;

namespace {

TEST(NameTable, InternsEachNameOnce) {
  NameTable names;
  unsigned a = names.intern("main#0");
  unsigned b = names.intern("main#1");
  EXPECT_NE(a, b);
  EXPECT_EQ(names.intern("main#0"), a);
  // The same text at another address, or as a StringRef, is the same name.
  std::string copy = "main#1";
  EXPECT_EQ(names.intern(copy.c_str()), b);
  EXPECT_EQ(names.intern(llvm::StringRef("main#1xyz", 6)), b);
  EXPECT_EQ(names.get(a), "main#0");
  EXPECT_EQ(names.get(b), "main#1");
  EXPECT_EQ(names.size(), 2u);
  // Null is the unnamed name.
  unsigned unnamed = names.intern(static_cast<const char *>(nullptr));
  EXPECT_EQ(names.get(unnamed), "<unnamed>");
  EXPECT_EQ(names.intern("<unnamed>"), unnamed);
}

TEST(NameTable, BufferReusedForAnotherName) {
  // A caller may write different names into one buffer: the cache keyed by
  // the address must not return the previous name.
  NameTable names;
  char buffer[16];
  std::strcpy(buffer, "first");
  unsigned first = names.intern(buffer);
  std::strcpy(buffer, "second");
  unsigned second = names.intern(buffer);
  EXPECT_NE(first, second);
  EXPECT_EQ(names.get(second), "second");
  std::strcpy(buffer, "first");
  EXPECT_EQ(names.intern(buffer), first);
  // The returned text is null-terminated (the trace and the stats copy it).
  EXPECT_EQ(std::strlen(names.get(second).data()), 6u);
}

TEST(NameTable, Clear) {
  NameTable names;
  const char *text = "k";
  names.intern("x");
  names.intern(text);
  names.clear();
  EXPECT_EQ(names.size(), 0u);
  EXPECT_EQ(names.intern(text), 0u);
  EXPECT_EQ(names.get(0), "k");
}

} // namespace
