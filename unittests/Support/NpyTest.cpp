//===- NpyTest.cpp - Tests of the .npy reader and writer ------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The files in Inputs/ were written by NumPy 1.24 (Inputs/make_npy.py); the
// values expected from them are the ones that script stores. Other files are
// built here byte by byte, so every error message can be checked exactly.
//
//===----------------------------------------------------------------------===//

#include "ap/Support/Npy.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cstring>
#include <string>
#include <vector>

using namespace mlir::ap::npy;
using llvm::StringRef;

namespace {

/// The path of a file in Inputs/, found beside this source file.
std::string inputPath(StringRef name) {
  llvm::SmallString<256> path(llvm::sys::path::parent_path(__FILE__));
  llvm::sys::path::append(path, "Inputs", name);
  return std::string(path);
}

/// An .npy file with `header` as its header text, unpadded, and `data`.
std::string makeNpy(StringRef header, StringRef data = "", unsigned major = 1) {
  std::string file = "\x93NUMPY";
  file += static_cast<char>(major);
  file += '\0';
  size_t lengthSize = major == 1 ? 2 : 4;
  for (size_t i = 0; i < lengthSize; ++i)
    file += static_cast<char>((header.size() >> (8 * i)) & 0xFF);
  return file + header.str() + data.str();
}

/// The message of the error `parseNpy` returns for `contents`, or "success".
std::string parseError(StringRef contents, StringRef name = "x.npy") {
  llvm::Expected<NpyArray> array = parseNpy(contents, name);
  if (array)
    return "success";
  return llvm::toString(array.takeError());
}

std::string readError(StringRef path) {
  llvm::Expected<NpyArray> array = readNpy(path);
  if (array)
    return "success";
  return llvm::toString(array.takeError());
}

/// Reads a file of Inputs/, failing the test on error.
NpyArray readInput(StringRef name) {
  llvm::Expected<NpyArray> array = readNpy(inputPath(name));
  if (!array) {
    ADD_FAILURE() << llvm::toString(array.takeError());
    return NpyArray();
  }
  return std::move(*array);
}

std::string toBytes(const NpyArray &array) {
  std::string bytes;
  llvm::raw_string_ostream os(bytes);
  writeNpy(os, array);
  return bytes;
}

/// Fills `array` with distinct valid elements.
void fill(NpyArray &array) {
  char *bytes = array.data.data();
  for (size_t i = 0; i < array.data.size(); ++i)
    bytes[i] = array.dtype == DType::Bool ? static_cast<char>(i % 3 == 0)
                                          : static_cast<char>(i * 37 + 11);
}

bool isAligned(const void *pointer) {
  return reinterpret_cast<uintptr_t>(pointer) % AlignedBuffer::Alignment == 0;
}

/// A fresh temporary directory, removed with its contents at the end.
class TempDir {
public:
  TempDir() {
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("npy-test", path));
  }
  ~TempDir() { llvm::sys::fs::remove_directories(path); }
  std::string file(StringRef name) const {
    llvm::SmallString<256> result(path);
    llvm::sys::path::append(result, name);
    return std::string(result);
  }
  /// The names of the entries of the directory, sorted.
  std::vector<std::string> list() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(path, ec), end; it != end && !ec;
         it.increment(ec))
      names.push_back(llvm::sys::path::filename(it->path()).str());
    llvm::sort(names);
    return names;
  }

private:
  llvm::SmallString<256> path;
};

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

TEST(NpyTest, RoundTripEveryDTypeAndShape) {
  const std::vector<std::vector<int64_t>> shapes = {
      {}, {0}, {1}, {5}, {2, 3}, {2, 0, 4}, {1, 2, 1, 3}, {3, 1, 2, 2, 1}};
  for (DType dtype : getAllDTypes()) {
    for (const std::vector<int64_t> &shape : shapes) {
      NpyArray array(dtype, shape);
      SCOPED_TRACE(array.getSummary());
      ASSERT_EQ(array.data.size(), array.getByteSize());
      EXPECT_TRUE(isAligned(array.data.data()));
      fill(array);

      std::string bytes = toBytes(array);
      ASSERT_GE(bytes.size(), 10u);
      EXPECT_EQ(StringRef(bytes).take_front(8),
                StringRef("\x93NUMPY\x01\0", 8));
      size_t headerLength =
          static_cast<uint8_t>(bytes[8]) | static_cast<uint8_t>(bytes[9]) << 8;
      size_t dataOffset = 10 + headerLength;
      EXPECT_EQ(dataOffset % 64, 0u);
      EXPECT_EQ(bytes[dataOffset - 1], '\n');
      EXPECT_EQ(bytes.size(), dataOffset + array.getByteSize());

      llvm::Expected<NpyArray> back = parseNpy(bytes, "round-trip.npy");
      ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
      EXPECT_EQ(back->dtype, dtype);
      EXPECT_EQ(llvm::ArrayRef<int64_t>(back->shape),
                llvm::ArrayRef<int64_t>(shape));
      EXPECT_TRUE(isAligned(back->data.data()));
      EXPECT_EQ(back->data.getBytes(), array.data.getBytes());
    }
  }
}

TEST(NpyTest, HeaderLooksLikeNumPys) {
  NpyArray array(DType::F32, {2, 3});
  std::string bytes = toBytes(array);
  StringRef header = StringRef(bytes).substr(10, 118);
  EXPECT_EQ(header.rtrim(" \n"),
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
  EXPECT_EQ(parseError(toBytes(NpyArray(DType::Bool, {}))), "success");
  EXPECT_NE(toBytes(NpyArray(DType::I8, {7})).find("'shape': (7,), }"),
            std::string::npos);
  EXPECT_NE(toBytes(NpyArray(DType::I8, {})).find("'shape': (), }"),
            std::string::npos);
  EXPECT_NE(toBytes(NpyArray(DType::BF16, {1})).find("'descr': 'bfloat16'"),
            std::string::npos);
  EXPECT_NE(
      toBytes(NpyArray(DType::F8E4M3FN, {1})).find("'descr': 'float8_e4m3fn'"),
      std::string::npos);
  EXPECT_NE(toBytes(NpyArray(DType::U8, {1})).find("'descr': '|u1'"),
            std::string::npos);
}

TEST(NpyTest, WritesVersion2WhenTheHeaderNeedsIt) {
  // 30000 dimensions of 1 need a header longer than 65535 bytes.
  std::vector<int64_t> shape(30000, 1);
  NpyArray array(DType::I32, shape);
  array.getMutableValues<int32_t>()[0] = -42;
  std::string bytes = toBytes(array);
  EXPECT_EQ(bytes[6], 2);
  EXPECT_EQ(bytes[7], 0);
  size_t headerLength = 0;
  for (int i = 0; i < 4; ++i)
    headerLength |= size_t(static_cast<uint8_t>(bytes[8 + i])) << (8 * i);
  EXPECT_GT(headerLength, 0xFFFFu);
  EXPECT_EQ((12 + headerLength) % 64, 0u);
  llvm::Expected<NpyArray> back = parseNpy(bytes, "v2.npy");
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->shape.size(), 30000u);
  EXPECT_EQ(back->getValues<int32_t>()[0], -42);
}

TEST(NpyTest, WriteFileAndReadBack) {
  TempDir dir;
  std::string path = dir.file("out.npy");
  NpyArray array(DType::F64, {2, 2});
  auto values = array.getMutableValues<double>();
  values[0] = 1.5;
  values[3] = -0.25;
  ASSERT_FALSE(static_cast<bool>(writeNpy(path, array)));
  EXPECT_EQ(dir.list(), std::vector<std::string>{"out.npy"});
  // Overwriting an existing file replaces it.
  values[1] = 7;
  ASSERT_FALSE(static_cast<bool>(writeNpy(path, array)));
  EXPECT_EQ(dir.list(), std::vector<std::string>{"out.npy"});
  llvm::Expected<NpyArray> back = readNpy(path);
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->getValues<double>(),
            llvm::ArrayRef<double>({1.5, 7, 0, -0.25}));
}

TEST(NpyTest, WriteErrorsLeaveNothing) {
  TempDir dir;
  NpyArray array(DType::F32, {3});

  std::string missing = dir.file("no-such-dir/out.npy");
  llvm::Error err = writeNpy(missing, array);
  ASSERT_TRUE(static_cast<bool>(err));
  EXPECT_EQ(llvm::toString(std::move(err)),
            missing + ": cannot create a temporary file beside it: "
                      "No such file or directory");
  EXPECT_TRUE(dir.list().empty());

  // The rename onto a directory fails: the temporary file is removed.
  std::string directory = dir.file("taken");
  ASSERT_FALSE(llvm::sys::fs::create_directory(directory));
  ASSERT_FALSE(llvm::sys::fs::create_directory(directory + "/inside"));
  err = writeNpy(directory, array);
  ASSERT_TRUE(static_cast<bool>(err));
  EXPECT_EQ(StringRef(llvm::toString(std::move(err)))
                .starts_with(directory + ": cannot write the file: "),
            true);
  EXPECT_EQ(dir.list(), std::vector<std::string>{"taken"});

  // Data that does not match the shape is not written.
  NpyArray wrong(DType::F32, {3});
  wrong.shape = {4};
  std::string path = dir.file("wrong.npy");
  err = writeNpy(path, wrong);
  EXPECT_EQ(llvm::toString(std::move(err)),
            path + ": the array holds 12 bytes, expected 16 for f32[4]");
  wrong.shape = {-1};
  err = writeNpy(path, wrong);
  EXPECT_EQ(llvm::toString(std::move(err)),
            path + ": cannot write shape (-1,), expected non-negative "
                   "dimensions of at most 2^63 - 1 bytes in all");
  EXPECT_EQ(dir.list(), std::vector<std::string>{"taken"});
}

//===----------------------------------------------------------------------===//
// Files written by NumPy
//===----------------------------------------------------------------------===//

TEST(NpyTest, NumPyFiles) {
  NpyArray f4 = readInput("f4_2x3.npy");
  EXPECT_EQ(f4.getSummary(), "f32[2, 3]");
  EXPECT_EQ(f4.getValues<float>(),
            llvm::ArrayRef<float>({0, 0.5, 1, 1.5, 2, 2.5}));

  NpyArray scalar = readInput("f8_scalar.npy");
  EXPECT_EQ(scalar.getSummary(), "f64[]");
  EXPECT_EQ(scalar.getNumElements(), 1);
  EXPECT_EQ(scalar.getValues<double>(), llvm::ArrayRef<double>({3.25}));

  NpyArray empty = readInput("i8_0x3.npy");
  EXPECT_EQ(empty.getSummary(), "i64[0, 3]");
  EXPECT_EQ(empty.getByteSize(), 0u);
  EXPECT_TRUE(isAligned(empty.data.data()));

  NpyArray b1 = readInput("b1_4.npy");
  EXPECT_EQ(b1.getSummary(), "i1[4]");
  EXPECT_EQ(b1.getValues<bool>(),
            llvm::ArrayRef<bool>({true, false, false, true}));

  NpyArray u2 = readInput("u2_3.npy");
  EXPECT_EQ(u2.dtype, DType::U16);
  EXPECT_EQ(u2.getValues<uint16_t>(),
            llvm::ArrayRef<uint16_t>({1, 256, 65535}));

  // binary16: 1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800.
  NpyArray f2 = readInput("f2_3.npy");
  EXPECT_EQ(f2.dtype, DType::F16);
  EXPECT_EQ(f2.getValues<uint16_t>(),
            llvm::ArrayRef<uint16_t>({0x3C00, 0xC000, 0x3800}));
  EXPECT_EQ(f2.getAsDouble(1), -2.0);

  NpyArray i2 = readInput("i2_1.npy");
  EXPECT_EQ(i2.getSummary(), "i16[1]");
  EXPECT_EQ(i2.getValues<int16_t>(), llvm::ArrayRef<int16_t>({-7}));
}

TEST(NpyTest, NumPyFortranOrder) {
  // NumPy stored arange(6).reshape(2, 3) column by column: 0 3 1 4 2 5.
  NpyArray i1 = readInput("i1_fortran_2x3.npy");
  EXPECT_EQ(i1.getSummary(), "i8[2, 3]");
  EXPECT_EQ(i1.getValues<int8_t>(), llvm::ArrayRef<int8_t>({0, 1, 2, 3, 4, 5}));

  NpyArray f4 = readInput("f4_fortran_2x3x4.npy");
  EXPECT_EQ(f4.getSummary(), "f32[2, 3, 4]");
  auto values = f4.getValues<float>();
  for (int i = 0; i < 24; ++i)
    EXPECT_EQ(values[i], i) << "element " << i;
}

TEST(NpyTest, NumPyBigEndian) {
  NpyArray i4 = readInput("i4_big_3.npy");
  EXPECT_EQ(i4.getSummary(), "i32[3]");
  EXPECT_EQ(i4.getValues<int32_t>(),
            llvm::ArrayRef<int32_t>({1, -2, 0x01020304}));

  NpyArray f8 = readInput("f8_big_fortran_2x2.npy");
  EXPECT_EQ(f8.getValues<double>(), llvm::ArrayRef<double>({1, 2, 3, 4}));
}

TEST(NpyTest, NumPyVersions2And3) {
  NpyArray v2 = readInput("f4_v2_2.npy");
  EXPECT_EQ(v2.getValues<float>(), llvm::ArrayRef<float>({1.5, -1}));
  NpyArray v3 = readInput("u1_v3_2.npy");
  EXPECT_EQ(v3.getValues<uint8_t>(), llvm::ArrayRef<uint8_t>({7, 200}));
}

TEST(NpyTest, NumPyFilesRefused) {
  std::string object = inputPath("object_2.npy");
  EXPECT_EQ(readError(object),
            object + ": descr '|O' is an object array, stored as a Python "
                     "pickle, which is refused, expected numeric data");
  std::string complex = inputPath("c8_2.npy");
  EXPECT_EQ(readError(complex),
            complex + ": unsupported descr '<c8', expected one of '|b1', "
                      "'|i1', '<i2', '<i4', '<i8', '|u1', '<u2', '<u4', "
                      "'<u8', '<f2', '<f4', '<f8' (or with '>' for "
                      "big-endian data), 'bfloat16', 'float8_e4m3fn', "
                      "'float8_e5m2'");
  std::string voidFile = inputPath("void2_2.npy");
  const char *voidMessage =
      "' is raw bytes that do not say what they hold (np.save writes the "
      "ml_dtypes types, such as bfloat16 and the float8 types, this way), "
      "expected a numeric descr; save x.astype(np.float32), or "
      "x.view(np.uint16) / x.view(np.uint8) for the bit patterns";
  EXPECT_EQ(readError(voidFile), voidFile + ": descr '|V2" + voidMessage);
  // What np.save writes for an ml_dtypes bfloat16 array.
  EXPECT_EQ(parseError(makeNpy("{'descr': '<V2', 'fortran_order': False, "
                               "'shape': (1,), }",
                               StringRef("\0\0", 2))),
            std::string("x.npy: descr '<V2") + voidMessage);
}

//===----------------------------------------------------------------------===//
// Header syntax
//===----------------------------------------------------------------------===//

TEST(NpyTest, HeaderVariationsPythonAllows) {
  std::string two(8, '\0');
  const char *accepted[] = {
      "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2,)}",
      "{'shape':(2,),'fortran_order':False,'descr':'<f4'}",
      "  {\n 'descr' : '<f4' ,\t'fortran_order' : True ,\n 'shape' : ( 2 , ) , "
      "}   \n",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2L,), }",
      "{'descr': '|f4', 'fortran_order': False, 'shape': (2,), }",
      "{'descr': '=f4', 'fortran_order': False, 'shape': (2,), }",
      "{'descr': 'f4', 'fortran_order': False, 'shape': (2,), }",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2,), }",
  };
  for (const char *header : accepted) {
    SCOPED_TRACE(header);
    llvm::Expected<NpyArray> array = parseNpy(makeNpy(header, two), "x.npy");
    ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
    EXPECT_EQ(array->getNumElements(), 2);
    EXPECT_EQ(array->dtype, DType::F32);
  }
  // One-byte types may have any byte order.
  for (const char *descr : {"<u1", ">u1", "=u1", "|u1", "<b1"})
    EXPECT_EQ(parseError(makeNpy(std::string("{'descr': '") + descr +
                                     "', 'fortran_order': False, 'shape': "
                                     "(2,), }",
                                 StringRef("\1\0", 2))),
              "success")
        << descr;
  // Empty tuple with spaces in it.
  EXPECT_EQ(parseError(makeNpy(
                "{'descr': '<i8', 'fortran_order': False, 'shape': ( ), }",
                std::string(8, '\0'))),
            "success");
}

TEST(NpyTest, MalformedHeaders) {
  auto check = [](StringRef header, StringRef message) {
    EXPECT_EQ(parseError(makeNpy(header)), ("x.npy: " + message).str())
        << header.str();
  };
  check("['descr']", "malformed header at character 0: found '[', expected "
                     "'{' (a Python dict literal)");
  check("", "malformed header at character 0: found the end of the header, "
            "expected '{' (a Python dict literal)");
  check("{'descr': '<f4' 'fortran_order': False, 'shape': (), }",
        "malformed header at character 16: found \"'\", expected ',' or '}'");
  check("{'descr': '<f4', 'fortran': False, 'shape': ()}",
        "malformed header at character 17: found the key 'fortran', expected "
        "'descr', 'fortran_order' or 'shape'");
  check("{'descr': '<f4', 'descr': '<f4'}",
        "malformed header at character 17: found the key 'descr' a second "
        "time, expected each key once");
  check("{'descr': '<f4', 'shape': ()}",
        "malformed header at character 28: found '}', expected the key "
        "'fortran_order' (a header has 'descr', 'fortran_order' and "
        "'shape')");
  check("{'descr': '<f4', 'fortran_order': false, 'shape': ()}",
        "malformed header at character 34: found 'false', expected True or "
        "False");
  check("{'descr': '<f4', 'fortran_order': 0, 'shape': ()}",
        "malformed header at character 34: found '0', expected True or "
        "False");
  check("{'descr': '<f4', 'fortran_order': False, 'shape': (3)}",
        "malformed header at character 52: found ')', expected ',' after the "
        "dimension (a one-element tuple is written (n,))");
  check("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x)}",
        "malformed header at character 54: found 'x', expected an integer");
  check("{'descr': '<f4', 'fortran_order': False, 'shape': (x,)}",
        "malformed header at character 51: found 'x', expected an integer or "
        "')'");
  check("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3",
        "malformed header at character 55: found the end of the header, "
        "expected ',' or ')'");
  check("{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3]}",
        "malformed header at character 50: found '[', expected a tuple of "
        "integers such as (2, 3)");
  check("{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}",
        "malformed header at character 53: found '3', expected ',' or ')'");
  check("{'descr': '<f4, 'fortran_order': False, 'shape': ()}",
        "malformed header at character 17: found 'f', expected ',' or '}'");
  check("{'descr': '<f4",
        "malformed header at character 14: found the end of the header, "
        "expected the closing quote of the string at character 10");
  check("{'descr': '<f\\x34'}",
        "malformed header at character 13: found '\\', expected a string "
        "without escape sequences");
  check("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': ()}",
        "malformed header at character 10: found '[', expected a string "
        "(structured arrays, whose descr is a list, are not supported)");
  check("{'descr': '<f4', 'fortran_order': False, 'shape': ()} x",
        "malformed header at character 54: found 'x', expected the end of the "
        "header after '}'");
  check(StringRef("{\0}", 3),
        "malformed header at character 1: found '\\x00', expected a key "
        "('descr', 'fortran_order' or 'shape') or '}'");
  check("{descr: '<f4'}",
        "malformed header at character 1: found 'd', expected a key "
        "('descr', 'fortran_order' or 'shape') or '}'");
  check("{'descr' '<f4'}",
        "malformed header at character 9: found \"'\", expected ':' after the "
        "key");
  check("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}",
        "shape (-2,) has a negative dimension, expected non-negative "
        "integers");
  // Python 2's 'L' suffix is only accepted in versions 1.0 and 2.0.
  EXPECT_EQ(parseError(makeNpy("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (0L,)}",
                               "", 3)),
            "x.npy: malformed header at character 52: found 'L', expected ',' "
            "or ')'");
}

//===----------------------------------------------------------------------===//
// Errors outside the header
//===----------------------------------------------------------------------===//

TEST(NpyTest, FileErrors) {
  TempDir dir;
  std::string missing = dir.file("missing.npy");
  EXPECT_EQ(readError(missing),
            missing + ": cannot read the file: No such file or directory");

  const std::string badMagic =
      "x.npy: not a NumPy .npy file, expected the magic string "
      "\"\\x93NUMPY\" at the start";
  EXPECT_EQ(parseError(""), badMagic);
  EXPECT_EQ(parseError("PK\3\4 a zip file"), badMagic);
  EXPECT_EQ(parseError("\x93NUMP"), badMagic);
  EXPECT_EQ(parseError("\x93NUMPY\x01"),
            "x.npy: truncated header: the file has 7 bytes, expected at "
            "least 8");
  EXPECT_EQ(parseError(StringRef("\x93NUMPY\x04\x00\x10\x00", 10)),
            "x.npy: unsupported .npy format version 4.0, expected 1.0, 2.0 "
            "or 3.0");
  EXPECT_EQ(parseError(StringRef("\x93NUMPY\x01\x01\x10\x00", 10)),
            "x.npy: unsupported .npy format version 1.1, expected 1.0, 2.0 "
            "or 3.0");
  EXPECT_EQ(parseError(StringRef("\x93NUMPY\x01\x00\x10", 9)),
            "x.npy: truncated header: the file has 9 bytes, expected at "
            "least 10");
  EXPECT_EQ(parseError(StringRef("\x93NUMPY\x02\x00\x10\x00", 10)),
            "x.npy: truncated header: the file has 10 bytes, expected at "
            "least 12");

  std::string whole = toBytes(NpyArray(DType::F32, {2, 3}));
  EXPECT_EQ(parseError(StringRef(whole).take_front(60)),
            "x.npy: truncated header: the file has 60 bytes, expected at "
            "least 128 (a header of 118 bytes)");
  // A version 2.0 length that points far beyond the end of the file.
  EXPECT_EQ(parseError(StringRef("\x93NUMPY\x02\x00\xff\xff\xff\xff{}", 14)),
            "x.npy: truncated header: the file has 14 bytes, expected at "
            "least 4294967307 (a header of 4294967295 bytes)");
}

TEST(NpyTest, DataErrors) {
  std::string header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  EXPECT_EQ(parseError(makeNpy(header, std::string(20, '\0'))),
            "x.npy: the data has 20 bytes, expected 24 for f32[2, 3] ('<f4' "
            "of shape (2, 3))");
  EXPECT_EQ(parseError(makeNpy(header, std::string(28, '\0'))),
            "x.npy: the data has 28 bytes, expected 24 for f32[2, 3] ('<f4' "
            "of shape (2, 3))");
  EXPECT_EQ(parseError(makeNpy(header, std::string(24, '\0'))), "success");
  EXPECT_EQ(parseError(makeNpy("{'descr': '<i8', 'fortran_order': False, "
                               "'shape': (0,), }",
                               "x")),
            "x.npy: the data has 1 bytes, expected 0 for i64[0] ('<i8' of "
            "shape (0,))");

  EXPECT_EQ(
      parseError(makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(99999999999999999999,), }")),
      "x.npy: shape (99999999999999999999,) has a dimension that does not fit "
      "in 64 bits, expected dimensions up to 9223372036854775807");
  EXPECT_EQ(
      parseError(makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(9223372036854775808,), }")),
      "x.npy: shape (9223372036854775808,) has a dimension that does not fit "
      "in 64 bits, expected dimensions up to 9223372036854775807");
  EXPECT_EQ(
      parseError(makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(4611686018427387904, 4), }")),
      "x.npy: shape (4611686018427387904, 4) of '<f4' needs more than "
      "9223372036854775807 bytes, expected an array this machine can hold");
  EXPECT_EQ(
      parseError(makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': "
                         "(2305843009213693952,), }")),
      "x.npy: shape (2305843009213693952,) of '<f8' needs more than "
      "9223372036854775807 bytes, expected an array this machine can hold");
  // A zero dimension makes the others irrelevant, as in NumPy.
  EXPECT_EQ(parseError(makeNpy("{'descr': '<f8', 'fortran_order': False, "
                               "'shape': (0, 9223372036854775807), }")),
            "success");
  EXPECT_EQ(parseError(makeNpy("{'descr': '|b1', 'fortran_order': False, "
                               "'shape': (3,), }",
                               StringRef("\1\2\0", 3))),
            "x.npy: element 1 of the bool array is 2, expected 0 or 1");
  EXPECT_EQ(parseError(makeNpy("{'descr': '<U3', 'fortran_order': False, "
                               "'shape': (), }")),
            "x.npy: unsupported descr '<U3', expected one of '|b1', '|i1', "
            "'<i2', '<i4', '<i8', '|u1', '<u2', '<u4', '<u8', '<f2', '<f4', "
            "'<f8' (or with '>' for big-endian data), 'bfloat16', "
            "'float8_e4m3fn', 'float8_e5m2'");
}

TEST(NpyTest, EveryTruncationAndByteFlipIsAnError) {
  NpyArray array(DType::F32, {2, 3});
  std::string whole = toBytes(array);
  for (size_t size = 0; size < whole.size(); ++size)
    EXPECT_NE(parseError(StringRef(whole).take_front(size)), "success")
        << size;
  // Flipping one bit of the magic, version, length or header text: an error
  // or a valid array, never a crash (checked under sanitizers).
  size_t headerEnd = whole.size() - array.getByteSize();
  for (size_t i = 0; i < headerEnd; ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string corrupt = whole;
      corrupt[i] ^= static_cast<char>(1 << bit);
      (void)parseError(corrupt);
    }
  }
}

//===----------------------------------------------------------------------===//
// Layouts
//===----------------------------------------------------------------------===//

TEST(NpyTest, BigEndianAndFortranBuiltByHand) {
  // '>u2' of shape (2, 2) in Fortran order: columns (1, 2) and (0x0304, 4).
  std::string data("\x00\x01\x00\x02\x03\x04\x00\x04", 8);
  llvm::Expected<NpyArray> array = parseNpy(
      makeNpy("{'descr': '>u2', 'fortran_order': True, 'shape': (2, 2), }",
              data, 2),
      "x.npy");
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->getValues<uint16_t>(),
            llvm::ArrayRef<uint16_t>({1, 0x0304, 2, 4}));

  // 0-d and 1-d Fortran arrays are the same as in C order.
  array = parseNpy(makeNpy("{'descr': '>i8', 'fortran_order': True, "
                           "'shape': (), }",
                           StringRef("\xff\xff\xff\xff\xff\xff\xff\xfe", 8)),
                   "x.npy");
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->getValues<int64_t>(), llvm::ArrayRef<int64_t>({-2}));

  // An empty Fortran array.
  array = parseNpy(makeNpy("{'descr': '<f4', 'fortran_order': True, "
                           "'shape': (9223372036854775807, 3, 0), }"),
                   "x.npy");
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->getNumElements(), 0);
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

TEST(NpyTest, Summaries) {
  EXPECT_EQ(NpyArray(DType::F32, {2, 10}).getSummary(), "f32[2, 10]");
  EXPECT_EQ(NpyArray(DType::I64, {}).getSummary(), "i64[]");
  EXPECT_EQ(NpyArray(DType::BF16, {0}).getSummary(), "bf16[0]");
  EXPECT_EQ(NpyArray(DType::U8, {1, 2, 3}).getSummary(), "ui8[1, 2, 3]");
  EXPECT_EQ(formatShape({}), "()");
  EXPECT_EQ(formatShape({3}), "(3,)");
  EXPECT_EQ(formatShape({2, 3}), "(2, 3)");
  EXPECT_EQ(getNumElements({2, -1}, 4), std::nullopt);
  EXPECT_EQ(getNumElements({}, 4), 1);
  EXPECT_EQ(getNumElements({int64_t(1) << 61}, 4), std::nullopt);
  EXPECT_EQ(getNumElements({int64_t(1) << 60}, 4), int64_t(1) << 60);
}

TEST(NpyTest, GetAsDouble) {
  NpyArray bf16(DType::BF16, {2});
  bf16.getMutableValues<uint16_t>()[0] = 0x3FC0; // 1.5
  bf16.getMutableValues<uint16_t>()[1] = 0xC080; // -4
  EXPECT_EQ(bf16.getAsDouble(0), 1.5);
  EXPECT_EQ(bf16.getAsDouble(1), -4);
  NpyArray e4m3(DType::F8E4M3FN, {1});
  e4m3.getMutableValues<uint8_t>()[0] = 0x7E; // 448
  EXPECT_EQ(e4m3.getAsDouble(0), 448);
  NpyArray e5m2(DType::F8E5M2, {1});
  e5m2.getMutableValues<uint8_t>()[0] = 0x7B; // 57344
  EXPECT_EQ(e5m2.getAsDouble(0), 57344);
  NpyArray u64(DType::U64, {1});
  u64.getMutableValues<uint64_t>()[0] = ~uint64_t(0);
  EXPECT_EQ(u64.getAsDouble(0), 0x1p64);
  NpyArray b(DType::Bool, {1});
  b.getMutableValues<bool>()[0] = true;
  EXPECT_EQ(b.getAsDouble(0), 1);
}

TEST(NpyTest, ElementTypes) {
  mlir::MLIRContext context;
  for (DType dtype : getAllDTypes()) {
    mlir::Type type = getElementType(dtype, &context);
    EXPECT_EQ(getDTypeForElementType(type), dtype) << getDTypeName(dtype).str();
    std::string spelled;
    llvm::raw_string_ostream os(spelled);
    type.print(os);
    EXPECT_EQ(spelled, getDTypeName(dtype));
  }
  mlir::Builder builder(&context);
  EXPECT_EQ(getDTypeForElementType(builder.getF32Type()), DType::F32);
  EXPECT_EQ(getDTypeForElementType(builder.getI32Type()), DType::I32);
  EXPECT_EQ(getDTypeForElementType(builder.getIntegerType(16, true)),
            DType::I16);
  EXPECT_EQ(getDTypeForElementType(builder.getIntegerType(64, false)),
            DType::U64);
  EXPECT_EQ(getDTypeForElementType(builder.getI1Type()), DType::Bool);
  EXPECT_EQ(getDTypeForElementType(builder.getIntegerType(1, false)),
            std::nullopt);
  EXPECT_EQ(getDTypeForElementType(builder.getIntegerType(4)), std::nullopt);
  EXPECT_EQ(getDTypeForElementType(builder.getIndexType()), std::nullopt);
  EXPECT_EQ(getDTypeForElementType(builder.getType<mlir::Float8E4M3Type>()),
            std::nullopt);
  EXPECT_EQ(
      getDTypeForElementType(mlir::ComplexType::get(builder.getF32Type())),
      std::nullopt);
}

TEST(NpyTest, AlignedBufferCopiesAndMoves) {
  AlignedBuffer buffer(100);
  EXPECT_TRUE(isAligned(buffer.data()));
  for (char c : buffer.getBytes())
    EXPECT_EQ(c, 0);
  buffer.data()[99] = 5;
  AlignedBuffer copy(buffer);
  EXPECT_TRUE(isAligned(copy.data()));
  EXPECT_NE(copy.data(), buffer.data());
  EXPECT_EQ(copy.getBytes(), buffer.getBytes());
  AlignedBuffer moved(std::move(copy));
  EXPECT_EQ(moved.data()[99], 5);
  EXPECT_EQ(copy.size(), 0u);
  AlignedBuffer empty(0);
  EXPECT_NE(empty.data(), nullptr);
  EXPECT_TRUE(isAligned(empty.data()));
  empty = buffer;
  EXPECT_EQ(empty.size(), 100u);

  NpyArray array(DType::I32, {3});
  array.getMutableValues<int32_t>()[2] = 9;
  NpyArray other = array;
  other.getMutableValues<int32_t>()[2] = 10;
  EXPECT_EQ(array.getValues<int32_t>()[2], 9);
}

} // namespace
