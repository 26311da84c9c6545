//===- APSimAttrs.cpp - Attributes of the apsim dialect -------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/APSim/IR/APSimAttrs.h"
#include "ap/Dialect/APSim/IR/APSimDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace mlir;
using namespace mlir::apsim;

#include "ap/Dialect/APSim/IR/APSimEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "ap/Dialect/APSim/IR/APSimAttrs.cpp.inc"

void APSimDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "ap/Dialect/APSim/IR/APSimAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Formats
//===----------------------------------------------------------------------===//

Format mlir::apsim::getFormat(ap::Precision precision) {
  return static_cast<Format>(static_cast<uint32_t>(precision));
}

Format mlir::apsim::getFormat(Type elementType) {
  if (std::optional<ap::Precision> precision = ap::getPrecision(elementType))
    return getFormat(*precision);
  return Format::Opaque;
}

std::optional<ap::Precision> mlir::apsim::getPrecision(Format format) {
  if (format == Format::Opaque)
    return std::nullopt;
  return static_cast<ap::Precision>(static_cast<uint32_t>(format));
}

// Every precision has the format of the same number, and the same name.
#define AP_CHECK_FORMAT(NAME)                                                  \
  static_assert(static_cast<uint32_t>(ap::Precision::NAME) ==                  \
                static_cast<uint32_t>(Format::NAME));
AP_CHECK_FORMAT(F32)
AP_CHECK_FORMAT(F16)
AP_CHECK_FORMAT(BF16)
AP_CHECK_FORMAT(F8E4M3FN)
AP_CHECK_FORMAT(F8E5M2)
AP_CHECK_FORMAT(I32)
AP_CHECK_FORMAT(I16)
AP_CHECK_FORMAT(I8)
AP_CHECK_FORMAT(U8)
AP_CHECK_FORMAT(I4)
AP_CHECK_FORMAT(U4)
#undef AP_CHECK_FORMAT
static_assert(static_cast<uint32_t>(Format::Opaque) == 255,
              "AP_RT_FORMAT_OPAQUE is 255");

//===----------------------------------------------------------------------===//
// CostAttr
//===----------------------------------------------------------------------===//

/// The keys of `#apsim.cost`, in the order they are written.
static constexpr llvm::StringLiteral kFigureKeys[] = {
    "time",          "compute_time",   "memory_time",
    "overhead_time", "dynamic_energy", "static_energy"};
static constexpr llvm::StringLiteral kCountKeys[] = {"ops", "bytes_read",
                                                     "bytes_written"};

/// Prints `value` with the fewest significant digits that read back as the
/// same double, always as an MLIR float literal (with a '.'), as the figures
/// of the ap attributes are printed.
static void printShortestFloat(AsmPrinter &printer, double value) {
  char buffer[40];
  int digits = 1;
  for (; digits <= 17; ++digits) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", digits, value);
    if (std::strtod(buffer, nullptr) == value)
      break;
  }
  // Numbers below a million read better without an exponent (20.0 rather
  // than 2.0e+01): give %g enough digits to print them in full.
  double magnitude = std::fabs(value);
  if (magnitude >= 1 && magnitude < 1e6) {
    int integerDigits = static_cast<int>(std::floor(std::log10(magnitude))) + 1;
    if (digits < integerDigits)
      std::snprintf(buffer, sizeof(buffer), "%.*g", integerDigits, value);
  }
  std::string text = buffer;
  if (text.find_first_of(".ein") == std::string::npos) {
    text += ".0";
  } else if (text.find('.') == std::string::npos) {
    size_t exponent = text.find('e');
    if (exponent != std::string::npos)
      text.insert(exponent, ".0");
  }
  printer << text;
}

Attribute CostAttr::parse(AsmParser &parser, Type) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  double figures[std::size(kFigureKeys)];
  int64_t counts[std::size(kCountKeys)];
  auto parseKey = [&](StringRef key) -> ParseResult {
    if (parser.parseKeyword(key) || parser.parseEqual())
      return failure();
    return success();
  };
  if (parser.parseLess())
    return {};
  for (auto [index, key] : llvm::enumerate(kFigureKeys)) {
    if ((index && parser.parseComma()) || parseKey(key) ||
        parser.parseFloat(figures[index]))
      return {};
  }
  for (auto [index, key] : llvm::enumerate(kCountKeys)) {
    if (parser.parseComma() || parseKey(key) ||
        parser.parseInteger(counts[index]))
      return {};
  }
  if (parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    figures[0], figures[1], figures[2], figures[3], figures[4],
                    figures[5], counts[0], counts[1], counts[2]);
}

void CostAttr::print(AsmPrinter &printer) const {
  APFloat figures[] = {getTime(),          getComputeTime(),
                       getMemoryTime(),    getOverheadTime(),
                       getDynamicEnergy(), getStaticEnergy()};
  int64_t counts[] = {getOps(), getBytesRead(), getBytesWritten()};
  printer << "<";
  for (auto [index, key] : llvm::enumerate(kFigureKeys)) {
    if (index)
      printer << ", ";
    printer << key << " = ";
    printShortestFloat(printer, figures[index].convertToDouble());
  }
  for (auto [index, key] : llvm::enumerate(kCountKeys))
    printer << ", " << key << " = " << counts[index];
  printer << ">";
}

LogicalResult CostAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               APFloat time, APFloat computeTime,
                               APFloat memoryTime, APFloat overheadTime,
                               APFloat dynamicEnergy, APFloat staticEnergy,
                               int64_t ops, int64_t bytesRead,
                               int64_t bytesWritten) {
  const APFloat *figures[] = {&time,         &computeTime,   &memoryTime,
                              &overheadTime, &dynamicEnergy, &staticEnergy};
  for (auto [figure, key] : llvm::zip_equal(figures, kFigureKeys)) {
    if (&figure->getSemantics() != &APFloat::IEEEdouble())
      return emitError() << "cost figure '" << key << "' must be a double";
    double value = figure->convertToDouble();
    if (!std::isfinite(value) || value < 0)
      return emitError() << "cost figure '" << key
                         << "' must be finite and non-negative, got " << value;
  }
  int64_t counts[] = {ops, bytesRead, bytesWritten};
  for (auto [count, key] : llvm::zip_equal(counts, kCountKeys))
    if (count < 0)
      return emitError() << "cost count '" << key
                         << "' must be non-negative, got " << count;
  if (time.convertToDouble() < overheadTime.convertToDouble())
    return emitError() << "cost time " << time.convertToDouble()
                       << " is less than the overhead time "
                       << overheadTime.convertToDouble();
  return success();
}
