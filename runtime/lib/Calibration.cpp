//===- Calibration.cpp - Statistics of observed values --------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/Calibration.h"
#include "ap/Runtime/Simulator.h"

#include <cstring>

using namespace ap::rt;
using mlir::ap::ValueStatistics;

llvm::Error Calibration::setPass(int32_t value) {
  if (value < 0 || value > static_cast<int32_t>(CalibrationPass::Histogram))
    return llvm::createStringError(
        "%d is not a calibration pass (0 off, 1 moments, 2 histograms)",
        static_cast<int>(value));
  auto next = static_cast<CalibrationPass>(value);
  if (next == CalibrationPass::Moments && histogramsStarted)
    return llvm::createStringError(
        "calibration pass 2 has started: pass 1 cannot add to the moments "
        "any more (clear the calibration to start again)");
  if (next == CalibrationPass::Histogram && !histogramsStarted) {
    for (ValueStatistics &value : values)
      value.startHistogram();
    histogramsStarted = true;
  }
  pass = next;
  return llvm::Error::success();
}

/// The bits of a float `format` (16 or 8 bits wide) of element `i`.
static uint32_t loadNarrowBits(Format format, const void *data, int64_t i) {
  if (format == Format::F16 || format == Format::BF16) {
    uint16_t bits;
    std::memcpy(&bits, static_cast<const char *>(data) + 2 * i, 2);
    return bits;
  }
  return static_cast<const uint8_t *>(data)[i];
}

llvm::Error Calibration::observe(llvm::StringRef id, Format format,
                                 const void *data, int64_t elements) {
  if (pass == CalibrationPass::Off)
    return llvm::Error::success();
  if (format == Format::Opaque)
    return llvm::createStringError(
        "cannot observe values of format 'opaque': they have no numeric "
        "value");
  if (elements < 0)
    return llvm::createStringError("the element count %lld is negative",
                                   static_cast<long long>(elements));
  if (!data && elements > 0)
    return llvm::createStringError("the observed data pointer is null");

  auto [slot, inserted] = index.try_emplace(id, values.size());
  if (inserted) {
    if (pass == CalibrationPass::Histogram) {
      index.erase(slot);
      return llvm::createStringError(
          "value '%s' was not observed in calibration pass 1: pass 2 must "
          "run the same program on the same data",
          id.str().c_str());
    }
    values.emplace_back(id.str());
  }
  ValueStatistics &value = values[slot->second];

  // Every format converts exactly: f32 as it is, the narrower floats to f32
  // (which holds each of their values, infinities and NaN included), the
  // integers to double.
  auto add = [&](auto array) {
    if (pass == CalibrationPass::Moments)
      value.addToMoments(array);
    else
      value.addToHistogram(array);
  };
  size_t count = static_cast<size_t>(elements);
  if (format == Format::F32) {
    add(llvm::ArrayRef<float>(static_cast<const float *>(data), count));
  } else if (isFloatFormat(format)) {
    floats.resize(count);
    for (size_t i = 0; i < count; ++i) {
      uint32_t bits = convertToF32(loadNarrowBits(format, data, i), format);
      std::memcpy(&floats[i], &bits, 4);
    }
    add(llvm::ArrayRef<float>(floats));
  } else {
    doubles.resize(count);
    for (size_t i = 0; i < count; ++i)
      doubles[i] = readElement(format, data, i);
    add(llvm::ArrayRef<double>(doubles));
  }
  return llvm::Error::success();
}

void Calibration::clear() {
  pass = CalibrationPass::Off;
  histogramsStarted = false;
  values.clear();
  index.clear();
  floats = {};
  doubles = {};
}

const ValueStatistics *Calibration::lookup(llvm::StringRef id) const {
  auto it = index.find(id);
  return it == index.end() ? nullptr : &values[it->second];
}

llvm::Error Calibration::checkConsistent() const {
  for (const ValueStatistics &value : values)
    if (value.hasHistogram() &&
        value.getHistogram().getTotal() != value.getCount())
      return llvm::createStringError(
          "value '%s': calibration pass 2 counted %llu values, pass 1 %llu; "
          "both passes must run the same data",
          value.getId().str().c_str(),
          static_cast<unsigned long long>(value.getHistogram().getTotal()),
          static_cast<unsigned long long>(value.getCount()));
  return llvm::Error::success();
}

llvm::Expected<mlir::ap::Profile>
ap::rt::buildProfile(const Simulator &simulator, llvm::StringRef granularity,
                     int64_t batches) {
  if (const std::optional<std::string> &error = simulator.getError())
    return llvm::createStringError("the simulated run has an error: " + *error);
  if (!granularity.empty() && granularity != "op" && granularity != "layer")
    return llvm::createStringError("granularity '" + granularity +
                                   "' is not \"op\" or \"layer\"");
  if (batches < 0)
    return llvm::createStringError("the number of batches %lld is negative",
                                   static_cast<long long>(batches));
  const Calibration &calibration = simulator.getCalibration();
  if (llvm::Error error = calibration.checkConsistent())
    return std::move(error);

  mlir::ap::Profile profile;
  profile.batches = batches;
  profile.granularity = granularity.str();
  for (const OpTotals &op : simulator.getOps()) {
    // A launch without a precision has no timing a cost model could use,
    // and a profile's times are positive.
    if (op.precision == Format::Opaque || op.count == 0 || !(op.time > 0))
      continue;
    mlir::ap::ProfileTiming &timing = profile.timings.emplace_back();
    timing.op = simulator.getName(op.name).str();
    timing.device = simulator.getTarget().getDevice(op.device).name;
    timing.precision = getFormatName(op.precision).str();
    timing.time = op.time / static_cast<double>(op.count);
    timing.count = static_cast<int64_t>(op.count);
  }
  profile.values.assign(calibration.getValues().begin(),
                        calibration.getValues().end());
  return profile;
}
