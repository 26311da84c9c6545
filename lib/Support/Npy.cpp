//===- Npy.cpp - Reading and writing NumPy .npy files ---------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The format (numpy.lib.format): the magic string "\x93NUMPY", one byte each
// for the major and minor version, the length of the header as a
// little-endian integer of 2 bytes (version 1.0) or 4 bytes (2.0 and 3.0),
// then the header: the text of a Python dict literal with the keys 'descr',
// 'fortran_order' and 'shape', padded with spaces and a newline (latin-1 in
// versions 1.0 and 2.0, UTF-8 in 3.0). The data follows the header.
//
// The header is parsed by a small recursive-descent parser that accepts
// exactly the literal syntax NumPy writes and the variations Python allows
// in it (either quote, spaces and newlines between tokens, trailing commas,
// keys in any order, the 'L' suffix of Python 2 integers in versions 1.0 and
// 2.0), and nothing else: no expressions, no escapes in strings.
//
//===----------------------------------------------------------------------===//

#include "ap/Support/Npy.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SwapByteOrder.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>

using namespace mlir::ap::npy;
using llvm::StringRef;
using llvm::Twine;

//===----------------------------------------------------------------------===//
// DType
//===----------------------------------------------------------------------===//

namespace {
/// What is known of each dtype, indexed by the enumeration.
struct DTypeInfo {
  DType dtype;
  unsigned size;
  StringRef name;
  /// The NumPy type code without the byte order ("b1", "f4"), or the
  /// ml_dtypes name for the types without one.
  StringRef code;
  /// Whether the descr carries a byte-order character.
  bool hasByteOrder;
};
} // namespace

static constexpr DTypeInfo dtypeInfos[] = {
    {DType::Bool, 1, "i1", "b1", true},
    {DType::I8, 1, "i8", "i1", true},
    {DType::I16, 2, "i16", "i2", true},
    {DType::I32, 4, "i32", "i4", true},
    {DType::I64, 8, "i64", "i8", true},
    {DType::U8, 1, "ui8", "u1", true},
    {DType::U16, 2, "ui16", "u2", true},
    {DType::U32, 4, "ui32", "u4", true},
    {DType::U64, 8, "ui64", "u8", true},
    {DType::F16, 2, "f16", "f2", true},
    {DType::F32, 4, "f32", "f4", true},
    {DType::F64, 8, "f64", "f8", true},
    {DType::BF16, 2, "bf16", "bfloat16", false},
    {DType::F8E4M3FN, 1, "f8E4M3FN", "float8_e4m3fn", false},
    {DType::F8E5M2, 1, "f8E5M2", "float8_e5m2", false},
};

static const DTypeInfo &getInfo(DType dtype) {
  const DTypeInfo &info = dtypeInfos[static_cast<unsigned>(dtype)];
  assert(info.dtype == dtype && "dtypeInfos out of order");
  return info;
}

llvm::ArrayRef<DType> mlir::ap::npy::getAllDTypes() {
  static const DType all[] = {
      DType::Bool, DType::I8,  DType::I16,  DType::I32,      DType::I64,
      DType::U8,   DType::U16, DType::U32,  DType::U64,      DType::F16,
      DType::F32,  DType::F64, DType::BF16, DType::F8E4M3FN, DType::F8E5M2};
  static_assert(std::size(all) == std::size(dtypeInfos));
  return all;
}

unsigned mlir::ap::npy::getElementSize(DType dtype) {
  return getInfo(dtype).size;
}

StringRef mlir::ap::npy::getDTypeName(DType dtype) {
  return getInfo(dtype).name;
}

/// The byte-order character of multi-byte elements in host order.
static char getHostByteOrder() {
  return llvm::sys::IsLittleEndianHost ? '<' : '>';
}

std::string mlir::ap::npy::getDescr(DType dtype) {
  const DTypeInfo &info = getInfo(dtype);
  if (!info.hasByteOrder)
    return info.code.str();
  char order = info.size == 1 ? '|' : getHostByteOrder();
  return order + info.code.str();
}

//===----------------------------------------------------------------------===//
// AlignedBuffer
//===----------------------------------------------------------------------===//

static char *allocateAligned(size_t size) {
  // Allocate at least one byte so that even an empty buffer has an aligned,
  // non-null address.
  auto *bytes = static_cast<char *>(::operator new(
      std::max<size_t>(size, 1), std::align_val_t(AlignedBuffer::Alignment)));
  std::memset(bytes, 0, size);
  return bytes;
}

static void deallocateAligned(char *bytes) {
  if (bytes)
    ::operator delete(bytes, std::align_val_t(AlignedBuffer::Alignment));
}

AlignedBuffer::AlignedBuffer(size_t size)
    : bytes(allocateAligned(size)), length(size) {}

AlignedBuffer::AlignedBuffer(const AlignedBuffer &other)
    : bytes(other.bytes ? allocateAligned(other.length) : nullptr),
      length(other.length) {
  if (length)
    std::memcpy(bytes, other.bytes, length);
}

AlignedBuffer::AlignedBuffer(AlignedBuffer &&other) noexcept
    : bytes(std::exchange(other.bytes, nullptr)),
      length(std::exchange(other.length, 0)) {}

AlignedBuffer &AlignedBuffer::operator=(const AlignedBuffer &other) {
  if (this != &other)
    *this = AlignedBuffer(other);
  return *this;
}

AlignedBuffer &AlignedBuffer::operator=(AlignedBuffer &&other) noexcept {
  if (this != &other) {
    deallocateAligned(bytes);
    bytes = std::exchange(other.bytes, nullptr);
    length = std::exchange(other.length, 0);
  }
  return *this;
}

AlignedBuffer::~AlignedBuffer() { deallocateAligned(bytes); }

//===----------------------------------------------------------------------===//
// NpyArray
//===----------------------------------------------------------------------===//

std::optional<int64_t>
mlir::ap::npy::getNumElements(llvm::ArrayRef<int64_t> shape,
                              unsigned elementSize) {
  if (llvm::any_of(shape, [](int64_t dim) { return dim < 0; }))
    return std::nullopt;
  if (llvm::is_contained(shape, 0))
    return 0;
  int64_t count = 1;
  for (int64_t dim : shape)
    if (llvm::MulOverflow(count, dim, count))
      return std::nullopt;
  int64_t bytes;
  if (llvm::MulOverflow(count, static_cast<int64_t>(elementSize), bytes) ||
      static_cast<uint64_t>(bytes) > std::numeric_limits<size_t>::max())
    return std::nullopt;
  return count;
}

std::string mlir::ap::npy::formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text = "(";
  for (auto [i, dim] : llvm::enumerate(shape))
    text += (i ? ", " : "") + std::to_string(dim);
  return text + (shape.size() == 1 ? ",)" : ")");
}

NpyArray::NpyArray(DType dtype, llvm::ArrayRef<int64_t> shape)
    : dtype(dtype), shape(shape) {
  std::optional<int64_t> count =
      npy::getNumElements(shape, npy::getElementSize(dtype));
  assert(count && "negative or overflowing shape");
  data = AlignedBuffer(static_cast<size_t>(*count) * getElementSize());
}

int64_t NpyArray::getNumElements() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

template <typename T> static T loadElement(const char *bytes, int64_t index) {
  T value;
  std::memcpy(&value, bytes + index * sizeof(T), sizeof(T));
  return value;
}

static double toDouble(const llvm::fltSemantics &semantics, uint64_t bits,
                       unsigned width) {
  llvm::APFloat value(semantics, llvm::APInt(width, bits));
  bool losesInfo;
  value.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
                &losesInfo);
  return value.convertToDouble();
}

double NpyArray::getAsDouble(int64_t index) const {
  assert(index >= 0 && index < getNumElements() && "index out of range");
  const char *bytes = data.data();
  switch (dtype) {
  case DType::Bool:
    return loadElement<uint8_t>(bytes, index) ? 1.0 : 0.0;
  case DType::I8:
    return loadElement<int8_t>(bytes, index);
  case DType::I16:
    return loadElement<int16_t>(bytes, index);
  case DType::I32:
    return loadElement<int32_t>(bytes, index);
  case DType::I64:
    return static_cast<double>(loadElement<int64_t>(bytes, index));
  case DType::U8:
    return loadElement<uint8_t>(bytes, index);
  case DType::U16:
    return loadElement<uint16_t>(bytes, index);
  case DType::U32:
    return loadElement<uint32_t>(bytes, index);
  case DType::U64:
    return static_cast<double>(loadElement<uint64_t>(bytes, index));
  case DType::F16:
    return toDouble(llvm::APFloat::IEEEhalf(),
                    loadElement<uint16_t>(bytes, index), 16);
  case DType::F32:
    return loadElement<float>(bytes, index);
  case DType::F64:
    return loadElement<double>(bytes, index);
  case DType::BF16:
    return toDouble(llvm::APFloat::BFloat(),
                    loadElement<uint16_t>(bytes, index), 16);
  case DType::F8E4M3FN:
    return toDouble(llvm::APFloat::Float8E4M3FN(),
                    loadElement<uint8_t>(bytes, index), 8);
  case DType::F8E5M2:
    return toDouble(llvm::APFloat::Float8E5M2(),
                    loadElement<uint8_t>(bytes, index), 8);
  }
  llvm_unreachable("unknown dtype");
}

std::string NpyArray::getSummary() const {
  std::string text = getDTypeName(dtype).str() + "[";
  for (auto [i, dim] : llvm::enumerate(shape))
    text += (i ? ", " : "") + std::to_string(dim);
  return text + "]";
}

//===----------------------------------------------------------------------===//
// Header parsing
//===----------------------------------------------------------------------===//

static llvm::Error makeError(StringRef fileName, const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 fileName + ": " + message);
}

namespace {
/// The contents of a header.
struct Header {
  std::string descr;
  bool fortranOrder = false;
  llvm::SmallVector<int64_t> shape;
  /// The text of the shape tuple as written, for messages.
  std::string shapeText;
  /// Set when a dimension is negative or does not fit in 64 bits.
  bool shapeOutOfRange = false;
  bool shapeNegative = false;
};

/// A strict parser of the Python dict literal of an .npy header.
class HeaderParser {
public:
  HeaderParser(StringRef text, StringRef fileName, bool allowLongSuffix)
      : text(text), fileName(fileName), allowLongSuffix(allowLongSuffix) {}

  llvm::Expected<Header> parse();

private:
  bool atEnd() const { return pos >= text.size(); }
  char peek() const { return atEnd() ? '\0' : text[pos]; }
  void skipSpace();
  /// What is at `at`, for messages: "'x'" or "the end of the header".
  std::string describe(size_t at) const;
  llvm::Error error(size_t at, const Twine &found, const Twine &expected);
  llvm::Error unexpected(const Twine &expected) {
    return error(pos, describe(pos), expected);
  }
  llvm::Error expect(char c, const Twine &expected);

  llvm::Error parseString(std::string &result);
  llvm::Error parseBool(bool &result);
  llvm::Error parseShape(Header &header);
  /// The value of key number `index` of `keys`.
  llvm::Error parseValue(size_t index, Header &header);

  StringRef text;
  StringRef fileName;
  bool allowLongSuffix;
  size_t pos = 0;
};
} // namespace

void HeaderParser::skipSpace() {
  // Python allows newlines between the tokens of a bracketed literal.
  while (!atEnd() && StringRef(" \t\n\r\f").contains(text[pos]))
    ++pos;
}

std::string HeaderParser::describe(size_t at) const {
  if (at >= text.size())
    return "the end of the header";
  char c = text[at];
  if (c == '\'')
    return "\"'\"";
  if (llvm::isPrint(c))
    return (Twine("'") + Twine(c) + "'").str();
  std::string hex = "'\\x";
  hex += llvm::hexdigit((c >> 4) & 0xF, /*LowerCase=*/true);
  hex += llvm::hexdigit(c & 0xF, /*LowerCase=*/true);
  return hex + "'";
}

llvm::Error HeaderParser::error(size_t at, const Twine &found,
                                const Twine &expected) {
  return makeError(fileName, "malformed header at character " + Twine(at) +
                                 ": found " + found + ", expected " + expected);
}

llvm::Error HeaderParser::expect(char c, const Twine &expected) {
  if (atEnd() || peek() != c)
    return unexpected(expected);
  ++pos;
  return llvm::Error::success();
}

llvm::Error HeaderParser::parseString(std::string &result) {
  char quote = peek();
  if (atEnd() || (quote != '\'' && quote != '"'))
    return unexpected("a quoted string");
  size_t start = pos++;
  while (!atEnd() && text[pos] != quote) {
    if (text[pos] == '\\')
      return unexpected("a string without escape sequences");
    if (text[pos] == '\n' || text[pos] == '\r')
      return unexpected(Twine("the closing quote of the string at character ") +
                        Twine(start));
    ++pos;
  }
  if (atEnd())
    return unexpected(Twine("the closing quote of the string at character ") +
                      Twine(start));
  result = text.slice(start + 1, pos).str();
  ++pos;
  return llvm::Error::success();
}

llvm::Error HeaderParser::parseBool(bool &result) {
  size_t start = pos;
  while (!atEnd() && (llvm::isAlnum(text[pos]) || text[pos] == '_'))
    ++pos;
  StringRef word = text.slice(start, pos);
  if (word == "True" || word == "False") {
    result = word == "True";
    return llvm::Error::success();
  }
  return error(start, word.empty() ? describe(start) : "'" + word + "'",
               "True or False");
}

llvm::Error HeaderParser::parseShape(Header &header) {
  size_t start = pos;
  if (llvm::Error err = expect('(', "a tuple of integers such as (2, 3)"))
    return err;
  skipSpace();
  while (peek() != ')') {
    // One dimension: [-]digits, with 'L' after it in Python 2 headers.
    bool negative = false;
    if (peek() == '-') {
      negative = true;
      ++pos;
    }
    if (!llvm::isDigit(peek()))
      return unexpected(header.shape.empty() && !negative ? "an integer or ')'"
                                                          : "an integer");
    uint64_t magnitude = 0;
    bool overflow = false;
    while (!atEnd() && llvm::isDigit(text[pos])) {
      unsigned digit = text[pos++] - '0';
      if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10)
        overflow = true;
      else
        magnitude = magnitude * 10 + digit;
    }
    if (allowLongSuffix && peek() == 'L')
      ++pos;
    // parseNpy reports these before the shape is used.
    if (overflow ||
        magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      header.shapeOutOfRange = true;
    else if (negative && magnitude != 0)
      header.shapeNegative = true;
    header.shape.push_back(header.shapeOutOfRange || negative
                               ? 0
                               : static_cast<int64_t>(magnitude));
    skipSpace();
    if (peek() == ',') {
      ++pos;
      skipSpace();
      continue;
    }
    if (peek() == ')') {
      if (header.shape.size() == 1)
        return unexpected(
            "',' after the dimension (a one-element tuple is written (n,))");
      break;
    }
    return unexpected("',' or ')'");
  }
  ++pos;
  header.shapeText = text.slice(start, pos).str();
  return llvm::Error::success();
}

/// The keys of a header, in the order HeaderParser::parseValue numbers them.
static constexpr StringRef keys[] = {"descr", "fortran_order", "shape"};

llvm::Error HeaderParser::parseValue(size_t index, Header &header) {
  switch (index) {
  case 0:
    if (peek() == '[')
      return unexpected("a string (structured arrays, whose descr is a list, "
                        "are not supported)");
    return parseString(header.descr);
  case 1:
    return parseBool(header.fortranOrder);
  default:
    return parseShape(header);
  }
}

llvm::Expected<Header> HeaderParser::parse() {
  Header header;
  bool seen[3] = {false, false, false};
  const char *keyList = "'descr', 'fortran_order' or 'shape'";

  skipSpace();
  if (llvm::Error err = expect('{', "'{' (a Python dict literal)"))
    return std::move(err);
  skipSpace();
  while (peek() != '}') {
    size_t keyStart = pos;
    if (peek() != '\'' && peek() != '"')
      return unexpected(Twine("a key (") + keyList + ") or '}'");
    std::string key;
    if (llvm::Error err = parseString(key))
      return std::move(err);
    const StringRef *known = llvm::find(keys, key);
    if (known == std::end(keys))
      return error(keyStart, "the key '" + key + "'", keyList);
    size_t index = known - std::begin(keys);
    if (seen[index])
      return error(keyStart, "the key '" + key + "' a second time",
                   "each key once");
    seen[index] = true;
    skipSpace();
    if (llvm::Error err = expect(':', "':' after the key"))
      return std::move(err);
    skipSpace();
    if (llvm::Error err = parseValue(index, header))
      return std::move(err);
    skipSpace();
    if (peek() == ',') {
      ++pos;
      skipSpace();
      continue;
    }
    if (peek() != '}')
      return unexpected("',' or '}'");
  }
  size_t closing = pos++;
  for (auto [index, key] : llvm::enumerate(keys))
    if (!seen[index])
      return error(closing, "'}'",
                   "the key '" + key +
                       "' (a header has 'descr', 'fortran_order' and 'shape')");
  skipSpace();
  if (!atEnd())
    return unexpected("the end of the header after '}'");
  return header;
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

static constexpr StringRef magic = "\x93NUMPY";

/// The list of accepted descrs, for messages.
static std::string getAcceptedDescrs() {
  std::string list;
  for (const DTypeInfo &info : dtypeInfos) {
    if (!info.hasByteOrder)
      continue;
    list += list.empty() ? "'" : ", '";
    list += (info.size == 1 ? "|" : "<") + info.code.str() + "'";
  }
  list += " (or with '>' for big-endian data)";
  for (const DTypeInfo &info : dtypeInfos)
    if (!info.hasByteOrder)
      list += ", '" + info.code.str() + "'";
  return list;
}

/// The dtype of `descr` and whether its data is big-endian.
static llvm::Expected<std::pair<DType, bool>> parseDescr(StringRef descr,
                                                         StringRef fileName) {
  for (const DTypeInfo &info : dtypeInfos)
    if (!info.hasByteOrder && descr == info.code)
      return std::make_pair(info.dtype, !llvm::sys::IsLittleEndianHost);

  StringRef code = descr;
  char order = '=';
  if (!code.empty() && StringRef("<>|=").contains(code.front())) {
    order = code.front();
    code = code.drop_front();
  }
  if (code.starts_with("O"))
    return makeError(fileName,
                     "descr '" + descr +
                         "' is an object array, stored as a Python pickle, "
                         "which is refused, expected numeric data");
  if (code.starts_with("V"))
    return makeError(
        fileName,
        "descr '" + descr +
            "' is raw bytes that do not say what they hold (np.save writes "
            "the ml_dtypes types, such as bfloat16 and the float8 types, "
            "this way), expected a numeric descr; save x.astype(np.float32), "
            "or x.view(np.uint16) / x.view(np.uint8) for the bit patterns");
  for (const DTypeInfo &info : dtypeInfos) {
    if (!info.hasByteOrder || code != info.code)
      continue;
    bool bigEndian = order == '>' || ((order == '=' || order == '|') &&
                                      !llvm::sys::IsLittleEndianHost);
    return std::make_pair(info.dtype, info.size > 1 && bigEndian);
  }
  return makeError(fileName, "unsupported descr '" + descr +
                                 "', expected one of " + getAcceptedDescrs());
}

/// Copies `count` elements of `elementSize` bytes stored in Fortran order for
/// `shape` from `source` to `dest` in C order.
static void transposeFromFortran(const char *source, char *dest,
                                 llvm::ArrayRef<int64_t> shape,
                                 unsigned elementSize, int64_t count) {
  // With no elements the strides below could overflow.
  if (count == 0)
    return;
  size_t rank = shape.size();
  // Strides, in elements, of the Fortran layout.
  llvm::SmallVector<int64_t> strides(rank, 1);
  for (size_t i = 1; i < rank; ++i)
    strides[i] = strides[i - 1] * shape[i - 1];
  llvm::SmallVector<int64_t> index(rank, 0);
  int64_t offset = 0;
  for (int64_t c = 0; c < count; ++c) {
    std::memcpy(dest + c * elementSize, source + offset * elementSize,
                elementSize);
    // Advance the C-order index, last dimension fastest.
    for (size_t d = rank; d-- > 0;) {
      offset += strides[d];
      if (++index[d] < shape[d])
        break;
      offset -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
}

static void swapBytes(char *bytes, unsigned elementSize, int64_t count) {
  for (int64_t i = 0; i < count; ++i)
    std::reverse(bytes + i * elementSize, bytes + (i + 1) * elementSize);
}

llvm::Expected<NpyArray> mlir::ap::npy::parseNpy(StringRef contents,
                                                 StringRef fileName) {
  if (!contents.starts_with(magic))
    return makeError(fileName, "not a NumPy .npy file, expected the magic "
                               "string \"\\x93NUMPY\" at the start");
  if (contents.size() < magic.size() + 2)
    return makeError(
        fileName, "truncated header: the file has " + Twine(contents.size()) +
                      " bytes, expected at least " + Twine(magic.size() + 2));
  // Not uint8_t, which Twine would print as a character.
  unsigned major = static_cast<uint8_t>(contents[6]);
  unsigned minor = static_cast<uint8_t>(contents[7]);
  if ((major != 1 && major != 2 && major != 3) || minor != 0)
    return makeError(fileName, "unsupported .npy format version " +
                                   Twine(major) + "." + Twine(minor) +
                                   ", expected 1.0, 2.0 or 3.0");
  size_t lengthSize = major == 1 ? 2 : 4;
  size_t prefixSize = magic.size() + 2 + lengthSize;
  if (contents.size() < prefixSize)
    return makeError(
        fileName, "truncated header: the file has " + Twine(contents.size()) +
                      " bytes, expected at least " + Twine(prefixSize));
  uint64_t headerLength = 0;
  for (size_t i = 0; i < lengthSize; ++i)
    headerLength |= uint64_t(static_cast<uint8_t>(contents[8 + i])) << (8 * i);
  if (contents.size() - prefixSize < headerLength)
    return makeError(fileName,
                     "truncated header: the file has " +
                         Twine(contents.size()) + " bytes, expected at least " +
                         Twine(prefixSize + headerLength) + " (a header of " +
                         Twine(headerLength) + " bytes)");

  StringRef headerText = contents.substr(prefixSize, headerLength);
  llvm::Expected<Header> header =
      HeaderParser(headerText, fileName, /*allowLongSuffix=*/major < 3).parse();
  if (!header)
    return header.takeError();
  if (header->shapeOutOfRange)
    return makeError(fileName, "shape " + header->shapeText +
                                   " has a dimension that does not fit in 64 "
                                   "bits, expected dimensions up to " +
                                   Twine(std::numeric_limits<int64_t>::max()));
  if (header->shapeNegative)
    return makeError(fileName, "shape " + header->shapeText +
                                   " has a negative dimension, expected "
                                   "non-negative integers");

  llvm::Expected<std::pair<DType, bool>> descr =
      parseDescr(header->descr, fileName);
  if (!descr)
    return descr.takeError();
  auto [dtype, bigEndian] = *descr;
  unsigned elementSize = getElementSize(dtype);
  std::optional<int64_t> count = getNumElements(header->shape, elementSize);
  if (!count)
    return makeError(fileName,
                     "shape " + header->shapeText + " of '" + header->descr +
                         "' needs more than " +
                         Twine(std::numeric_limits<int64_t>::max()) +
                         " bytes, expected an array this machine can hold");

  NpyArray array;
  array.dtype = dtype;
  array.shape = header->shape;
  size_t byteSize = static_cast<size_t>(*count) * elementSize;
  StringRef bytes = contents.drop_front(prefixSize + headerLength);
  if (bytes.size() != byteSize)
    return makeError(
        fileName, "the data has " + Twine(bytes.size()) + " bytes, expected " +
                      Twine(byteSize) + " for " + array.getSummary() + " ('" +
                      header->descr + "' of shape " + header->shapeText + ")");

  array.data = AlignedBuffer(byteSize);
  if (header->fortranOrder && array.shape.size() > 1)
    transposeFromFortran(bytes.data(), array.data.data(), array.shape,
                         elementSize, *count);
  else if (byteSize)
    std::memcpy(array.data.data(), bytes.data(), byteSize);
  if (bigEndian == llvm::sys::IsLittleEndianHost && elementSize > 1)
    swapBytes(array.data.data(), elementSize, *count);

  if (dtype == DType::Bool) {
    const auto *values = reinterpret_cast<const uint8_t *>(array.data.data());
    for (int64_t i = 0; i < *count; ++i)
      if (values[i] > 1)
        return makeError(fileName,
                         "element " + Twine(i) + " of the bool array is " +
                             Twine(unsigned(values[i])) + ", expected 0 or 1");
  }
  return array;
}

llvm::Expected<NpyArray> mlir::ap::npy::readNpy(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!file)
    return llvm::createStringError(
        file.getError(),
        path + ": cannot read the file: " + file.getError().message());
  return parseNpy((*file)->getBuffer(), path);
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

/// The header and its prefix, so that the data starts at a multiple of 64.
static std::string makeHeader(const NpyArray &array) {
  std::string dict =
      "{'descr': '" + getDescr(array.dtype) +
      "', 'fortran_order': False, 'shape': " + formatShape(array.shape) + ", }";
  constexpr size_t alignment = 64;
  for (unsigned major : {1u, 2u}) {
    size_t lengthSize = major == 1 ? 2 : 4;
    size_t prefixSize = magic.size() + 2 + lengthSize;
    // The prefix, the dict, padding spaces and a final newline.
    size_t total = llvm::alignTo(prefixSize + dict.size() + 1, alignment);
    size_t headerLength = total - prefixSize;
    if (major == 1 && headerLength > 0xFFFF)
      continue;
    std::string result = magic.str();
    result += static_cast<char>(major);
    result += '\0';
    for (size_t i = 0; i < lengthSize; ++i)
      result += static_cast<char>((headerLength >> (8 * i)) & 0xFF);
    result += dict;
    result.append(headerLength - dict.size() - 1, ' ');
    result += '\n';
    return result;
  }
  llvm_unreachable("header longer than 4 GiB");
}

void mlir::ap::npy::writeNpy(llvm::raw_ostream &os, const NpyArray &array) {
  assert(array.data.size() == array.getByteSize() &&
         "the data does not have the size of the shape");
  os << makeHeader(array);
  os.write(array.data.data(), array.data.size());
}

llvm::Error mlir::ap::npy::writeNpy(StringRef path, const NpyArray &array) {
  std::optional<int64_t> count =
      getNumElements(array.shape, array.getElementSize());
  if (!count)
    return makeError(path, "cannot write shape " + formatShape(array.shape) +
                               ", expected non-negative dimensions of at "
                               "most 2^63 - 1 bytes in all");
  if (array.data.size() != static_cast<size_t>(*count) * array.getElementSize())
    return makeError(path, "the array holds " + Twine(array.data.size()) +
                               " bytes, expected " +
                               Twine(array.getByteSize()) + " for " +
                               array.getSummary());

  llvm::Expected<llvm::sys::fs::TempFile> temp =
      llvm::sys::fs::TempFile::create(path + ".tmp-%%%%%%%%");
  if (!temp)
    return makeError(path, "cannot create a temporary file beside it: " +
                               llvm::toString(temp.takeError()));
  std::error_code writeError;
  {
    llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
    writeNpy(os, array);
    os.flush();
    writeError = os.error();
    os.clear_error();
  }
  if (writeError) {
    llvm::consumeError(temp->discard());
    return makeError(path, "cannot write the file: " + writeError.message());
  }
  if (llvm::Error err = temp->keep(path))
    return makeError(path, "cannot write the file: " +
                               llvm::toString(std::move(err)));
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// MLIR element types
//===----------------------------------------------------------------------===//

std::optional<DType> mlir::ap::npy::getDTypeForElementType(mlir::Type type) {
  if (type.isF16())
    return DType::F16;
  if (type.isBF16())
    return DType::BF16;
  if (type.isF32())
    return DType::F32;
  if (type.isF64())
    return DType::F64;
  if (llvm::isa<mlir::Float8E4M3FNType>(type))
    return DType::F8E4M3FN;
  if (llvm::isa<mlir::Float8E5M2Type>(type))
    return DType::F8E5M2;
  auto integer = llvm::dyn_cast<mlir::IntegerType>(type);
  if (!integer)
    return std::nullopt;
  unsigned width = integer.getWidth();
  if (width == 1)
    return integer.isUnsigned() ? std::nullopt : std::optional(DType::Bool);
  bool isUnsigned = integer.isUnsigned();
  switch (width) {
  case 8:
    return isUnsigned ? DType::U8 : DType::I8;
  case 16:
    return isUnsigned ? DType::U16 : DType::I16;
  case 32:
    return isUnsigned ? DType::U32 : DType::I32;
  case 64:
    return isUnsigned ? DType::U64 : DType::I64;
  default:
    return std::nullopt;
  }
}

mlir::Type mlir::ap::npy::getElementType(DType dtype,
                                         mlir::MLIRContext *context) {
  auto unsignedType = [&](unsigned width) {
    return mlir::IntegerType::get(context, width, mlir::IntegerType::Unsigned);
  };
  switch (dtype) {
  case DType::Bool:
    return mlir::IntegerType::get(context, 1);
  case DType::I8:
    return mlir::IntegerType::get(context, 8);
  case DType::I16:
    return mlir::IntegerType::get(context, 16);
  case DType::I32:
    return mlir::IntegerType::get(context, 32);
  case DType::I64:
    return mlir::IntegerType::get(context, 64);
  case DType::U8:
    return unsignedType(8);
  case DType::U16:
    return unsignedType(16);
  case DType::U32:
    return unsignedType(32);
  case DType::U64:
    return unsignedType(64);
  case DType::F16:
    return mlir::Float16Type::get(context);
  case DType::F32:
    return mlir::Float32Type::get(context);
  case DType::F64:
    return mlir::Float64Type::get(context);
  case DType::BF16:
    return mlir::BFloat16Type::get(context);
  case DType::F8E4M3FN:
    return mlir::Float8E4M3FNType::get(context);
  case DType::F8E5M2:
    return mlir::Float8E5M2Type::get(context);
  }
  llvm_unreachable("unknown dtype");
}
