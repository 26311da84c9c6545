//===- CalibrationData.h - A calibration set in batches ---------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The data a function of statically shaped tensor arguments is run on to
// calibrate it or to measure its loss: one .npy array per argument, each
// holding one or more batches (the argument's shape, or a multiple of its
// leading dimension), and optionally one integer label per row of the first
// result over all batches.
//
//   auto files = getCalibrationFiles("calib/", 2, "main"); // arg0.npy,
//   arg1.npy auto data = readCalibrationData("main", signature, *files,
//   "labels.npy"); for (int64_t batch = 0; batch < data->batches; ++batch)
//     compiled.call("main", getBatchViews(*data, signature, batch), results);
//
//===----------------------------------------------------------------------===//

#ifndef AP_EXECUTION_CALIBRATIONDATA_H
#define AP_EXECUTION_CALIBRATIONDATA_H

#include "ap/Execution/Invocation.h"
#include "ap/Support/Npy.h"

#include "mlir/IR/BuiltinTypes.h"

#include <string>
#include <vector>

namespace mlir::ap::execution {

/// A calibration set for one function.
struct CalibrationData {
  /// One array per argument of the function, each holding `batches` batches
  /// along its leading dimension.
  llvm::SmallVector<npy::NpyArray> arguments;
  int64_t batches = 1;
  /// Empty, or one label per row of the first result, over all batches.
  std::vector<int64_t> labels;
};

/// The .npy files of the calibration data `data` for `function`, which takes
/// `count` arguments: `data` itself when it is a file (then `count` must be
/// 1), else `data`/arg0.npy to `data`/arg<count-1>.npy, which must exist.
/// `option`, when not empty, is the option that gave `data`, named in the
/// message for a file given to a function of several arguments ("give
/// <option> a directory holding ...").
llvm::Expected<llvm::SmallVector<std::string>>
getCalibrationFiles(llvm::StringRef data, unsigned count,
                    llvm::StringRef function, llvm::StringRef option = {});

/// Reads `files`, one per argument of `signature` (that of `function`, for
/// messages): each must hold the argument's dtype and its shape or a
/// multiple of its leading dimension, all the same number of batches. With
/// `labels` not empty, also reads the labels: integers, one per row of the
/// signature's first result over all batches.
llvm::Expected<CalibrationData>
readCalibrationData(llvm::StringRef function, FunctionType signature,
                    llvm::ArrayRef<std::string> files, llvm::StringRef labels);

/// Views of batch `batch` of every argument of `data`, read for `signature`.
llvm::SmallVector<ArrayView> getBatchViews(const CalibrationData &data,
                                           FunctionType signature,
                                           int64_t batch);

} // namespace mlir::ap::execution

#endif // AP_EXECUTION_CALIBRATIONDATA_H
