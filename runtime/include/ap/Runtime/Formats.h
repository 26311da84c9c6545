//===- Formats.h - Number formats in host memory ----------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The formats of the values the runtime moves and probes, as they are laid out
// in host memory (see ap_rt_format in ap_runtime.h), and the exact conversions
// the precision-aware DMA performs between them. The conversions are bit for
// bit those of mlir::ap::numerics::convertFloat with Rounding::NearestEven and
// saturation, but done with integer bit manipulation, since they run for every
// element at run time.
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_FORMATS_H
#define AP_RUNTIME_FORMATS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>

namespace ap::rt {

/// A format; the values equal those of ap_rt_format (and mlir::ap::Precision).
enum class Format : int32_t {
  F32 = 0,
  F16 = 1,
  BF16 = 2,
  F8E4M3FN = 3,
  F8E5M2 = 4,
  I32 = 5,
  I16 = 6,
  I8 = 7,
  U8 = 8,
  I4 = 9,
  U4 = 10,
  Opaque = 255,
};

/// The format with the value `value`, or std::nullopt when there is none.
std::optional<Format> getFormat(int32_t value);

/// The name of `format` ("f32", "bf16", "i4", "opaque", ...).
llvm::StringRef getFormatName(Format format);

/// The format named `name` (as getFormatName spells it), or std::nullopt.
std::optional<Format> parseFormatName(llvm::StringRef name);

/// Whether `format` is a floating-point format.
bool isFloatFormat(Format format);

/// Bits of one value when packed (i4 and u4: 4); 8 for Opaque, whose byte
/// counts are counted in bytes.
unsigned getPackedBits(Format format);

/// Bytes of one value in host memory (i4 and u4: 1); 1 for Opaque.
unsigned getHostBytes(Format format);

/// Bytes `elements` packed values of `format` occupy (rounded up).
int64_t getPackedBytes(Format format, int64_t elements);

/// Converts the f32 bit pattern `bits` to the floating-point format `to`
/// (whose result occupies the low bits): round to nearest even, finite
/// values beyond the range and infinities saturate to the largest finite
/// value of their sign, NaN becomes the quiet NaN of `to` with the sign of
/// the input. With `to` == F32 it applies the same rules (so infinities
/// become the largest finite value and NaN payloads are dropped).
uint32_t convertFromF32(uint32_t bits, Format to);

/// The f32 bit pattern of the value of the floating-point format `from`
/// with bit pattern `bits`: exact, infinities kept, NaN becoming the quiet
/// f32 NaN with the input's sign.
uint32_t convertToF32(uint32_t bits, Format from);

/// Converts one value of the floating-point format `from` to the
/// floating-point format `to` (different formats): exactly
/// convertFloat(value, to, NearestEven, saturate = true).
uint32_t convertBits(uint32_t bits, Format from, Format to);

/// Whether values of `from` may be converted to `to`: any two floating-point
/// formats, and an integer or Opaque format to itself.
bool canConvert(Format from, Format to);

/// Converts `elements` contiguous values of `from` in host representation at
/// `source` into values of `to` at `destination`. Between identical formats
/// the values are copied unchanged (`opaqueBytes` bytes for Opaque). Fails,
/// writing nothing, when canConvert(from, to) is false. The two ranges must
/// not overlap.
llvm::Error convertElements(Format from, Format to, const void *source,
                            void *destination, int64_t elements,
                            int64_t opaqueBytes = 0);

/// The value of element `index` of the array `data` of `format` as a double
/// (exact for every format); Opaque is not readable.
double readElement(Format format, const void *data, int64_t index);

/// The largest finite value of `format`.
double getMaxFinite(Format format);

/// The most negative finite value of `format` (0 for unsigned integers).
double getLowestFinite(Format format);

} // namespace ap::rt

#endif // AP_RUNTIME_FORMATS_H
