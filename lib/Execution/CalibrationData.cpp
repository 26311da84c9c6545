//===- CalibrationData.cpp - A calibration set in batches -----------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Execution/CalibrationData.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::execution;
using npy::NpyArray;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<SmallVector<std::string>>
mlir::ap::execution::getCalibrationFiles(StringRef data, unsigned count,
                                         StringRef function, StringRef option) {
  if (count == 0)
    return makeError("@" + function +
                     " takes no argument: there is no data to run it on");
  SmallVector<std::string> files;
  if (llvm::sys::fs::is_directory(data)) {
    for (unsigned index = 0; index < count; ++index) {
      SmallString<128> path(data);
      llvm::sys::path::append(path, "arg" + llvm::Twine(index) + ".npy");
      if (!llvm::sys::fs::exists(path))
        return makeError(data + ": no arg" + llvm::Twine(index) +
                         ".npy for argument " + llvm::Twine(index) + " of @" +
                         function +
                         " (a directory of calibration data holds arg0.npy "
                         "to arg" +
                         llvm::Twine(count - 1) + ".npy, one per argument)");
      files.push_back(path.str().str());
    }
    return files;
  }
  if (!llvm::sys::fs::exists(data))
    return makeError(data + ": no such file or directory");
  if (count != 1)
    return makeError(data + ": @" + function + " takes " + llvm::Twine(count) +
                     " arguments: give " + option +
                     (option.empty() ? "" : " ") +
                     "a directory holding arg0.npy to arg" +
                     llvm::Twine(count - 1) + ".npy, one per argument");
  files.push_back(data.str());
  return files;
}

llvm::Expected<CalibrationData> mlir::ap::execution::readCalibrationData(
    StringRef function, FunctionType signature, ArrayRef<std::string> files,
    StringRef labels) {
  if (files.size() != signature.getNumInputs())
    return makeError("@" + function + " takes " +
                     llvm::Twine(signature.getNumInputs()) +
                     " arguments: give one .npy file for each (found " +
                     llvm::Twine(files.size()) + ")");
  CalibrationData data;
  for (auto [index, type] : llvm::enumerate(signature.getInputs())) {
    StringRef path = files[index];
    auto tensor = dyn_cast<RankedTensorType>(type);
    std::optional<npy::DType> dtype =
        tensor && tensor.hasStaticShape()
            ? npy::getDTypeForElementType(tensor.getElementType())
            : std::nullopt;
    if (!dtype)
      return makeError("@" + function + ": argument " + llvm::Twine(index) +
                       " must be a statically shaped tensor of numbers");
    llvm::Expected<NpyArray> array = npy::readNpy(path);
    if (!array)
      return array.takeError();
    if (array->dtype != *dtype)
      return makeError(path + ": dtype " + npy::getDTypeName(array->dtype) +
                       " does not match argument " + llvm::Twine(index) +
                       " of the entry, " + npy::getDTypeName(*dtype));
    ArrayRef<int64_t> expected = tensor.getShape();
    ArrayRef<int64_t> shape = array->shape;
    int64_t batches = 0;
    if (shape == expected)
      batches = 1;
    else if (!shape.empty() && shape.size() == expected.size() &&
             shape.drop_front() == expected.drop_front() &&
             expected.front() > 0 && shape.front() > 0 &&
             shape.front() % expected.front() == 0)
      batches = shape.front() / expected.front();
    if (!batches)
      return makeError(path + ": shape " + npy::formatShape(shape) +
                       " does not match argument " + llvm::Twine(index) +
                       " of the entry, " + npy::formatShape(expected) +
                       " (or a multiple of its leading dimension)");
    if (index > 0 && batches != data.batches)
      return makeError(path + ": holds " + llvm::Twine(batches) +
                       " batches, but '" + files[0] + "' holds " +
                       llvm::Twine(data.batches));
    data.batches = batches;
    data.arguments.push_back(std::move(*array));
  }

  if (labels.empty())
    return data;
  if (signature.getNumResults() == 0)
    return makeError("labels need an entry with a result");
  auto first = dyn_cast<RankedTensorType>(signature.getResult(0));
  if (!first || first.getRank() == 0 || !first.hasStaticShape())
    return makeError("labels need a first result with one row per example");
  int64_t rows = first.getShape().front() * data.batches;
  llvm::Expected<NpyArray> read = npy::readNpy(labels);
  if (!read)
    return read.takeError();
  bool integral = llvm::is_contained(
      {npy::DType::I8, npy::DType::I16, npy::DType::I32, npy::DType::I64,
       npy::DType::U8, npy::DType::U16, npy::DType::U32, npy::DType::U64},
      read->dtype);
  if (!integral || read->getNumElements() != rows)
    return makeError(labels + ": expected " + llvm::Twine(rows) +
                     " integer labels (one per row of the first result), "
                     "found " +
                     read->getSummary());
  for (int64_t i = 0; i < rows; ++i)
    data.labels.push_back(static_cast<int64_t>(read->getAsDouble(i)));
  return data;
}

SmallVector<ArrayView>
mlir::ap::execution::getBatchViews(const CalibrationData &data,
                                   FunctionType signature, int64_t batch) {
  SmallVector<ArrayView> views;
  for (auto [array, type] :
       llvm::zip_equal(data.arguments, signature.getInputs())) {
    auto tensor = cast<RankedTensorType>(type);
    size_t bytes = tensor.getNumElements() * array.getElementSize();
    views.push_back({const_cast<char *>(array.data.data()) + batch * bytes,
                     tensor.getShape()});
  }
  return views;
}
