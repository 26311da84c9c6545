//===- Npy.h - Reading and writing NumPy .npy files -------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The tensors going in and out of `ap-run` are NumPy `.npy` files (format
// versions 1.0, 2.0 and 3.0, see numpy.lib.format). An NpyArray holds one
// array in C order, in the byte order of the host, in a buffer aligned to 64
// bytes so that it can be handed to compiled code as the storage of a memref.
//
// Reading is strict: every problem is an llvm::Error whose message names the
// file, what was found and what was expected. Files holding Python objects
// (pickles) are refused, never unpickled.
//
//===----------------------------------------------------------------------===//

#ifndef AP_SUPPORT_NPY_H
#define AP_SUPPORT_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir {
class MLIRContext;
class Type;
} // namespace mlir

namespace mlir::ap::npy {

/// The element types an .npy file may hold.
enum class DType : uint8_t {
  Bool, ///< '|b1': one byte, 0 or 1.
  I8,   ///< '|i1'
  I16,  ///< '<i2'
  I32,  ///< '<i4'
  I64,  ///< '<i8'
  U8,   ///< '|u1'
  U16,  ///< '<u2'
  U32,  ///< '<u4'
  U64,  ///< '<u8'
  F16,  ///< '<f2': IEEE 754 binary16.
  F32,  ///< '<f4'
  F64,  ///< '<f8'
  /// The following have no NumPy type code. NumPy's np.save writes the
  /// ml_dtypes types as raw bytes ('<V2', '<V1'), which do not say what the
  /// bytes are, so such files are refused. These dtypes are read and written
  /// with the names ml_dtypes gives them (`str(array.dtype)`) as the descr;
  /// NumPy alone cannot load such a file.
  BF16,     ///< 'bfloat16'
  F8E4M3FN, ///< 'float8_e4m3fn' (OCP FP8 E4M3)
  F8E5M2,   ///< 'float8_e5m2' (OCP FP8 E5M2)
};

/// Every dtype, in the order of the enumeration.
llvm::ArrayRef<DType> getAllDTypes();

/// The size in bytes of one element of `dtype`.
unsigned getElementSize(DType dtype);

/// The short name of `dtype`, spelled like the MLIR element type it maps to:
/// "i1", "i8" ... "i64", "ui8" ... "ui64", "f16", "f32", "f64", "bf16",
/// "f8E4M3FN", "f8E5M2".
llvm::StringRef getDTypeName(DType dtype);

/// The descr this library writes for `dtype`: '|b1', '|i1', '<f4' (with '>'
/// instead of '<' on a big-endian host), 'bfloat16', ...
std::string getDescr(DType dtype);

/// Whether the C++ type `T` accesses elements of `dtype`. Native types match
/// exactly; 16- and 8-bit floating-point elements, which C++ has no type for,
/// are accessed as their bit patterns (uint16_t, uint8_t).
template <typename T> constexpr bool isAccessibleAs(DType dtype) {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_same_v<U, bool>)
    return dtype == DType::Bool;
  else if constexpr (std::is_same_v<U, int8_t>)
    return dtype == DType::I8;
  else if constexpr (std::is_same_v<U, int16_t>)
    return dtype == DType::I16;
  else if constexpr (std::is_same_v<U, int32_t>)
    return dtype == DType::I32;
  else if constexpr (std::is_same_v<U, int64_t>)
    return dtype == DType::I64;
  else if constexpr (std::is_same_v<U, uint8_t>)
    return dtype == DType::U8 || dtype == DType::F8E4M3FN ||
           dtype == DType::F8E5M2;
  else if constexpr (std::is_same_v<U, uint16_t>)
    return dtype == DType::U16 || dtype == DType::F16 || dtype == DType::BF16;
  else if constexpr (std::is_same_v<U, uint32_t>)
    return dtype == DType::U32;
  else if constexpr (std::is_same_v<U, uint64_t>)
    return dtype == DType::U64;
  else if constexpr (std::is_same_v<U, float>)
    return dtype == DType::F32;
  else if constexpr (std::is_same_v<U, double>)
    return dtype == DType::F64;
  else
    return false;
}

/// A zero-initialized byte buffer whose start is aligned to `Alignment`
/// bytes, also when it is empty.
class AlignedBuffer {
public:
  /// The alignment of the data, enough for any vector load on the host.
  static constexpr size_t Alignment = 64;

  AlignedBuffer() = default;
  /// `size` zero bytes.
  explicit AlignedBuffer(size_t size);
  AlignedBuffer(const AlignedBuffer &other);
  AlignedBuffer(AlignedBuffer &&other) noexcept;
  AlignedBuffer &operator=(const AlignedBuffer &other);
  AlignedBuffer &operator=(AlignedBuffer &&other) noexcept;
  ~AlignedBuffer();

  char *data() { return bytes; }
  const char *data() const { return bytes; }
  size_t size() const { return length; }
  bool empty() const { return length == 0; }
  llvm::ArrayRef<char> getBytes() const { return {bytes, length}; }

private:
  char *bytes = nullptr;
  size_t length = 0;
};

/// One array: its dtype, its shape and its elements in C (row-major) order
/// and host byte order.
struct NpyArray {
  DType dtype = DType::F32;
  /// The dimensions; empty for a 0-d array (one element).
  llvm::SmallVector<int64_t> shape;
  /// getByteSize() bytes, aligned to AlignedBuffer::Alignment.
  AlignedBuffer data;

  /// A 0-d f32 array holding no data yet (use the other constructor).
  NpyArray() = default;
  /// An array of zeros. `shape` must be valid (see getNumElements(shape)).
  NpyArray(DType dtype, llvm::ArrayRef<int64_t> shape);

  /// The number of elements: the product of the dimensions (1 for 0-d).
  int64_t getNumElements() const;
  /// The size of one element in bytes.
  unsigned getElementSize() const { return npy::getElementSize(dtype); }
  /// The size of the elements in bytes.
  size_t getByteSize() const { return getNumElements() * getElementSize(); }
  int64_t getRank() const { return shape.size(); }

  /// The elements as `T` (see isAccessibleAs; asserts that `T` matches).
  template <typename T> llvm::ArrayRef<T> getValues() const {
    assert(isAccessibleAs<T>(dtype) && "element type does not match dtype");
    return llvm::ArrayRef<T>(reinterpret_cast<const T *>(data.data()),
                             static_cast<size_t>(getNumElements()));
  }
  template <typename T> llvm::MutableArrayRef<T> getMutableValues() {
    assert(isAccessibleAs<T>(dtype) && "element type does not match dtype");
    return llvm::MutableArrayRef<T>(reinterpret_cast<T *>(data.data()),
                                    static_cast<size_t>(getNumElements()));
  }

  /// Element `index` (in C order) as a double, converting any dtype; 64-bit
  /// integers beyond 2^53 are rounded to nearest.
  double getAsDouble(int64_t index) const;

  /// A readable summary: the dtype name and the shape, "f32[2, 10]", "i64[]".
  std::string getSummary() const;
};

/// The number of elements of an array of shape `shape` whose elements have
/// `elementSize` bytes, or std::nullopt when a dimension is negative or the
/// data would need more than INT64_MAX bytes.
std::optional<int64_t> getNumElements(llvm::ArrayRef<int64_t> shape,
                                      unsigned elementSize);

/// Formats a shape as NumPy prints it: "()", "(3,)", "(2, 3)".
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// Reads the .npy file at `path`.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);

/// Reads an .npy file held in memory; `fileName` names it in errors.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef contents,
                                  llvm::StringRef fileName);

/// Writes `array` as an .npy file at `path`: format version 1.0 (2.0 when the
/// header does not fit in 1.0), with the data starting at a multiple of 64
/// bytes. The file is written whole or not at all: the bytes go to a
/// temporary file in the same directory that is renamed to `path` at the end,
/// and removed on any error.
llvm::Error writeNpy(llvm::StringRef path, const NpyArray &array);

/// Writes `array` in the .npy format to `os` (as writeNpy does to a file).
/// The array's data must be getByteSize() bytes long.
void writeNpy(llvm::raw_ostream &os, const NpyArray &array);

/// The dtype of tensors of element type `type`: f16, bf16, f32, f64,
/// f8E4M3FN and f8E5M2; i1 is Bool; signless and signed integers of 8, 16, 32
/// and 64 bits are the signed dtypes, unsigned ones the unsigned dtypes.
/// std::nullopt for any other type.
std::optional<DType> getDTypeForElementType(mlir::Type type);

/// The MLIR element type of `dtype`: i1 for Bool, signless integers for the
/// signed dtypes, unsigned integers (ui8 ...) for the unsigned dtypes, and
/// the floating-point type of the same format otherwise.
mlir::Type getElementType(DType dtype, mlir::MLIRContext *context);

} // namespace mlir::ap::npy

#endif // AP_SUPPORT_NPY_H
