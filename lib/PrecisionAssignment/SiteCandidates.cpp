//===- SiteCandidates.cpp - The precisions a site may take ----------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/PrecisionAssignment/SiteCandidates.h"

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Dialect/AP/IR/APOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::ap;

std::string SiteCandidate::getLabel() const {
  return (stringifyPrecision(precision) + "/" + stringifyPrecision(accumulator))
      .str();
}

std::optional<unsigned> SitePlan::lookup(Precision precision) const {
  for (auto [index, candidate] : llvm::enumerate(candidates))
    if (candidate.precision == precision)
      return index;
  return std::nullopt;
}

llvm::ArrayRef<Precision> mlir::ap::getCandidatePrecisions() {
  return getSensitivityPrecisions();
}

quant::UniformQuantizedType
mlir::ap::getActivationElementType(const QuantizationParameters &parameters,
                                   MLIRContext *context) {
  const IntegerFormat &format = parameters.format;
  return quant::UniformQuantizedType::get(
      format.isSigned ? quant::QuantizationFlags::Signed : 0,
      IntegerType::get(context, format.bits), Float32Type::get(context),
      parameters.scale, parameters.zeroPoint, format.getStorageMin(),
      format.getStorageMax());
}

quant::QuantizedType
mlir::ap::getAccumulatorElementType(const IntegerPlan &plan,
                                    MLIRContext *context) {
  Type storage = IntegerType::get(context, 32);
  Type expressed = Float32Type::get(context);
  int64_t min = std::numeric_limits<int32_t>::min();
  int64_t max = std::numeric_limits<int32_t>::max();
  if (!plan.outputAxis)
    return quant::UniformQuantizedType::get(
        quant::QuantizationFlags::Signed, storage, expressed,
        plan.outputScales.front(), plan.outputZeroPoints.front(), min, max);
  return quant::UniformQuantizedPerAxisType::get(
      quant::QuantizationFlags::Signed, storage, expressed, plan.outputScales,
      plan.outputZeroPoints, *plan.outputAxis, min, max);
}

std::vector<int64_t>
mlir::ap::quantizeWeight(llvm::ArrayRef<float> data,
                         llvm::ArrayRef<int64_t> shape,
                         const InputQuantization &quantization) {
  const PerChannelQuantization &weight = *quantization.weight;
  int64_t stride = 1, channels = 1;
  if (!quantization.perTensor) {
    for (int64_t dim : shape.drop_front(weight.axis + 1))
      stride *= dim;
    channels = shape[weight.axis];
  }
  std::vector<int64_t> values(data.size());
  for (size_t index = 0; index < data.size(); ++index) {
    size_t channel = quantization.perTensor ? 0 : (index / stride) % channels;
    numerics::QuantParams params{
        weight.scales[channel], weight.zeroPoints[channel],
        weight.format.getStorageMin(), weight.format.getStorageMax()};
    values[index] = numerics::quantize(llvm::APFloat(data[index]), params);
  }
  return values;
}

SmallVector<int64_t> mlir::ap::sumWeightChannels(llvm::ArrayRef<int64_t> values,
                                                 llvm::ArrayRef<int64_t> shape,
                                                 std::optional<unsigned> axis) {
  if (!axis) {
    int64_t sum = 0;
    for (int64_t value : values)
      sum += value;
    return {sum};
  }
  int64_t stride = 1;
  for (int64_t dim : shape.drop_front(*axis + 1))
    stride *= dim;
  SmallVector<int64_t> sums(shape[*axis], 0);
  for (size_t index = 0; index < values.size(); ++index)
    sums[(index / stride) % shape[*axis]] += values[index];
  return sums;
}

namespace {
/// Runs cost-model queries that may fail, keeping the message of the first
/// failure instead of reporting it: a candidate the model cannot price is
/// left out with a note, not an error.
class QuietPricer {
public:
  QuietPricer(const CostModel &model, unsigned device, MLIRContext *context)
      : model(model), device(device), context(context) {}

  /// The time of `op`, whose work is `work`, as `config` says.
  std::optional<double> priceKernel(Operation *op, const Work &work,
                                    StringRef key,
                                    const ExecutionConfig &config) {
    std::optional<double> time;
    capture([&] { time = price(op, work, key, config); });
    return time;
  }

  /// The time on the device of the precision op that `build` creates from a
  /// value of type `inputType` (an argument of a scratch module, destroyed
  /// afterwards with the op).
  std::optional<double>
  pricePrecisionOp(Type inputType, bool fused,
                   function_ref<Operation *(OpBuilder &, Value)> build) {
    // Diagnostics print the op, which needs a parent: a second block of a
    // module of its own.
    Location loc = UnknownLoc::get(context);
    OwningOpRef<ModuleOp> scratch = ModuleOp::create(loc);
    auto *block = new Block();
    scratch->getBodyRegion().push_back(block);
    Value input = block->addArgument(inputType, loc);
    OpBuilder builder = OpBuilder::atBlockEnd(block);
    Operation *op = build(builder, input);
    std::optional<double> time;
    capture([&] {
      FailureOr<Work> work =
          cast<CostOpInterface>(op).getWork([&] { return op->emitError(); });
      if (failed(work))
        return;
      FailureOr<Cost> cost =
          getOpCost(cast<CostOpInterface>(op), *work, "", model,
                    ExecutionConfig{device, std::nullopt, std::nullopt},
                    [&] { return op->emitError(); });
      if (succeeded(cost))
        time = fused ? cost->computeTime : cost->time;
    });
    return time;
  }

  /// The message of the first failure, empty when none.
  const std::string &getMessage() const { return message; }

private:
  std::optional<double> price(Operation *op, const Work &work, StringRef key,
                              const ExecutionConfig &config) {
    FailureOr<Cost> cost =
        getOpCost(cast<CostOpInterface>(op), work, key, model, config,
                  [&] { return op->emitError(); });
    if (failed(cost))
      return std::nullopt;
    return cost->time;
  }

  void capture(function_ref<void()> query) {
    ScopedDiagnosticHandler handler(context, [&](Diagnostic &diagnostic) {
      if (message.empty())
        message = diagnostic.str();
      return success();
    });
    query();
  }

  const CostModel &model;
  unsigned device;
  MLIRContext *context;
  std::string message;
};
} // namespace

/// An error with `message`, which becomes a note of the plan.
static llvm::Error reason(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The product of the static ranges of the reduction loops of `op` that
/// `map` does not use (every loop when `map` is null).
static int64_t getUnusedReductionTrips(linalg::LinalgOp op, AffineMap map) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  int64_t trips = 1;
  for (auto [loop, iterator] : llvm::enumerate(iterators))
    if (iterator == utils::IteratorType::reduction &&
        (!map || !map.isFunctionOfDim(loop)))
      trips *= ranges[loop];
  return trips;
}

/// The integer plan of `site` at `precision`, or why there is none.
static llvm::Expected<IntegerPlan>
planInteger(const Site &site, Precision precision,
            const QuantizationChoices &choices) {
  auto op = cast<linalg::LinalgOp>(site.op);
  IntegerFormat format = IntegerFormat::getSigned(getBitWidth(precision));
  if (site.kind == SiteKind::Other)
    return reason("its body is not a multiply-accumulate, max, min or sum");
  if (site.name.find("unsigned") != std::string::npos)
    return reason("it compares or extends unsigned values");
  std::optional<double> init =
      getUniformInitValue(op.getDpsInitOperand(0)->get());
  bool needsZeroInit =
      site.kind == SiteKind::MultiplyAccumulate || site.kind == SiteKind::Sum;
  if (!init || (needsZeroInit && *init != 0.0))
    return reason(needsZeroInit
                      ? "its initial value is not a fill of 0"
                      : "its initial value is not a fill of a constant");

  // The inputs: one activation, and for a multiply-accumulate one constant
  // weight.
  const SiteInput *activation = nullptr, *weight = nullptr;
  for (const SiteInput &input : site.inputs) {
    if (input.operandNumbers.size() != 1)
      return reason("it reads one value through two operands");
    (input.isWeight ? weight : activation) = &input;
  }
  bool multiply = site.kind == SiteKind::MultiplyAccumulate;
  if (!activation || (multiply && !weight) || site.inputs.size() > 2)
    return reason(multiply ? "it does not multiply one activation by one "
                             "weight"
                           : "it does not pool an activation");
  if (weight && !weight->hasConstantData)
    return reason("its weight is not a constant whose values are known");
  if (!activation->statistics)
    return reason(
        activation->profileId.empty()
            ? "no statistics of its activation (give profile=FILE, from "
              "ap-run --calibrate at granularity op)"
            : "no statistics of its activation '" + activation->profileId +
                  "' in the profile");

  IntegerPlan plan;
  plan.inputs.resize(site.inputs.size());
  llvm::Expected<QuantizationParameters> activationParameters =
      selectQuantizationParameters(*activation->statistics, format,
                                   choices.activations);
  if (!activationParameters)
    return reason("its activation cannot be calibrated: " +
                  llvm::toString(activationParameters.takeError()));
  const QuantizationParameters &parameters = *activationParameters;
  plan.inputs[activation - site.inputs.data()].activation = parameters;
  int64_t reductionTrips = getUnusedReductionTrips(op, AffineMap());
  int64_t i32Max = std::numeric_limits<int32_t>::max();

  if (!multiply) {
    // Poolings: max and min commute with the (monotonic) quantization, and
    // a sum of storage values is the sum of the values plus the zero point
    // times the window.
    numerics::QuantParams params = parameters.getQuantParams();
    plan.outputScales.push_back(parameters.scale);
    if (site.kind == SiteKind::Sum) {
      int64_t bound = std::max(std::abs(format.getStorageMin()),
                               std::abs(format.getStorageMax()));
      if (reductionTrips > i32Max / bound)
        return reason("its i32 accumulator could overflow (" +
                      Twine(reductionTrips) + " values per sum)");
      plan.outputZeroPoints.push_back(parameters.zeroPoint * reductionTrips);
    } else {
      plan.initValue =
          numerics::quantize(llvm::APFloat(static_cast<float>(*init)), params);
      plan.outputZeroPoints.push_back(parameters.zeroPoint);
    }
    return plan;
  }

  // Multiply-accumulate: sum_r (qa - za) qw sa sw[c]
  //   = sa sw[c] (sum_r qa qw - za sum_r qw).
  OpOperand &weightOperand = op->getOpOperand(weight->operandNumbers.front());
  AffineMap weightMap = op.getMatchingIndexingMap(&weightOperand);
  AffineMap outputMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<unsigned> parallelDims;
  for (auto [dim, expr] : llvm::enumerate(weightMap.getResults())) {
    auto loop = dyn_cast<AffineDimExpr>(expr);
    if (!loop)
      return reason("its weight is not indexed by loops alone");
    if (iterators[loop.getPosition()] == utils::IteratorType::parallel)
      parallelDims.push_back(dim);
  }
  if (parallelDims.size() > 1)
    return reason("its weight varies along several dimensions of the result");
  std::optional<unsigned> weightAxis, outputAxis;
  if (!parallelDims.empty()) {
    weightAxis = parallelDims.front();
    unsigned loop =
        cast<AffineDimExpr>(weightMap.getResult(*weightAxis)).getPosition();
    for (auto [dim, expr] : llvm::enumerate(outputMap.getResults()))
      if (auto outputLoop = dyn_cast<AffineDimExpr>(expr))
        if (outputLoop.getPosition() == loop)
          outputAxis = dim;
    if (!outputAxis)
      return reason("its result does not have the weight's channels as a "
                    "dimension");
  }

  int64_t activationBound = std::max(std::abs(format.getStorageMin()),
                                     std::abs(format.getStorageMax()));
  if (reductionTrips > i32Max / (activationBound * activationBound))
    return reason("its i32 accumulator could overflow (" +
                  Twine(reductionTrips) + " products per sum)");

  std::optional<std::vector<float>> data =
      readF32Constant(site.op->getOperand(weight->operandNumbers.front()));
  if (!data)
    return reason("its weight's values cannot be read");
  ArrayRef<int64_t> shape = weight->type.getShape();
  InputQuantization &weightQuantization =
      plan.inputs[weight - site.inputs.data()];
  weightQuantization.perTensor =
      !choices.perChannelWeights || !weight->channelAxis;
  llvm::Expected<PerChannelQuantization> quantized =
      weightQuantization.perTensor
          ? quantizePerChannel(*data, {1, static_cast<int64_t>(data->size())},
                               0, format, choices.weights)
          : quantizePerChannel(*data, shape, *weight->channelAxis, format,
                               choices.weights);
  if (!quantized)
    return reason("its weight cannot be quantized: " +
                  llvm::toString(quantized.takeError()));
  weightQuantization.weight = std::move(*quantized);
  if (!weightQuantization.perTensor &&
      weightQuantization.weight->axis != *weightAxis)
    return reason("its weight's channels are not the result's");

  std::vector<int64_t> values =
      quantizeWeight(*data, shape, weightQuantization);
  SmallVector<int64_t> sums = sumWeightChannels(values, shape, weightAxis);
  int64_t repeat = getUnusedReductionTrips(op, weightMap);
  const PerChannelQuantization &weightParameters = *weightQuantization.weight;
  for (auto [channel, sum] : llvm::enumerate(sums)) {
    double weightScale =
        weightParameters.scales[weightQuantization.perTensor ? 0 : channel];
    plan.outputScales.push_back(
        roundScaleToF32(parameters.scale * weightScale));
    int64_t zeroPoint = parameters.zeroPoint * sum * repeat;
    if (std::abs(zeroPoint) > i32Max)
      return reason("its zero-point correction does not fit in i32");
    plan.outputZeroPoints.push_back(zeroPoint);
  }
  // One channel, or channels that all dequantize alike: per tensor.
  bool uniform = llvm::all_equal(plan.outputScales) &&
                 llvm::all_equal(plan.outputZeroPoints);
  if (uniform) {
    plan.outputScales.resize(1);
    plan.outputZeroPoints.resize(1);
  } else {
    plan.outputAxis = outputAxis;
  }
  return plan;
}

/// Whether the simulation runs the conversion of the activation `input` of
/// `site` inside another launch (convert-ap-to-apsim fuse-kernels): as the
/// epilogue of the kernel that makes it in the site's block (seen through
/// views), or as the site's prologue when the site is its only reader.
static bool isConversionFused(const Site &site, const SiteInput &input) {
  Value value = site.op->getOperand(input.operandNumbers.front());
  if (value.hasOneUse())
    return true;
  while (Operation *def = value.getDefiningOp()) {
    if (!isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp, tensor::CastOp,
             tensor::ReshapeOp>(def))
      return def->getBlock() == site.op->getBlock() &&
             isa<CostOpInterface>(def) && !isa<TransferOp>(def);
    value = def->getOperand(0);
  }
  return false;
}

FailureOr<SitePlan> mlir::ap::planSite(const Site &site,
                                       const OpSensitivity *losses,
                                       llvm::ArrayRef<Precision> precisions,
                                       const CostModel &model,
                                       const QuantizationChoices &choices) {
  SitePlan plan;
  plan.site = site;
  MLIRContext *context = site.op->getContext();
  const DeviceModel &device = model.getTarget().getDevice(site.device);
  auto op = cast<linalg::LinalgOp>(site.op);
  FailureOr<Work> work = cast<CostOpInterface>(site.op).getWork(
      [&] { return site.op->emitError(); });
  if (failed(work))
    return failure();
  auto resultType = cast<RankedTensorType>(site.op->getResult(0).getType());
  bool named = static_cast<bool>(op.getRegionBuilder());

  for (Precision precision : getCandidatePrecisions()) {
    if (!llvm::is_contained(precisions, precision) ||
        !device.supports(precision))
      continue;
    StringRef name = stringifyPrecision(precision);
    auto note = [&](const Twine &why) {
      plan.notes.push_back((name + ": " + why).str());
    };
    std::optional<double> loss =
        losses ? losses->lookupLoss(precision) : std::nullopt;
    if (!loss && precision != Precision::F32) {
      note("no loss in the sensitivity file");
      continue;
    }
    SiteCandidate candidate;
    candidate.precision = precision;
    candidate.loss = loss.value_or(0.0);
    bool integer = isInteger(precision);
    if (integer) {
      if (!device.supports(Precision::I32)) {
        note("device '" + device.name +
             "' does not compute i32, the accumulator of integers");
        continue;
      }
      candidate.accumulator = candidate.result = Precision::I32;
      llvm::Expected<IntegerPlan> integerPlan =
          planInteger(site, precision, choices);
      if (!integerPlan) {
        note(llvm::toString(integerPlan.takeError()));
        continue;
      }
      candidate.integer = std::move(*integerPlan);
    } else {
      candidate.accumulator = candidate.result =
          device.supports(Precision::F32) ? Precision::F32 : precision;
      if (candidate.accumulator != Precision::F32 && !named) {
        note("device '" + device.name +
             "' does not compute f32 and the op is not a named op whose "
             "body can be rebuilt at " +
             name);
        continue;
      }
    }

    QuietPricer pricer(model, site.device, context);
    ExecutionConfig config{
        site.device,
        PrecisionChoice{precision, candidate.accumulator, candidate.result},
        std::nullopt};
    std::optional<double> execTime =
        pricer.priceKernel(site.op, *work, site.key, config);
    if (!execTime) {
      note(pricer.getMessage());
      continue;
    }
    candidate.execTime = *execTime;

    // The precision ops the rewriting adds at run time.
    double transferTime = 0;
    bool priced = true;
    auto add = [&](std::optional<double> time) {
      if (time)
        transferTime += *time;
      else
        priced = false;
    };
    if (precision != Precision::F32) {
      Type element = getType(precision, context);
      for (auto [index, input] : llvm::enumerate(site.inputs)) {
        if (input.isWeight && input.hasConstantData)
          continue; // quantized or converted at compile time
        bool fused = isConversionFused(site, input);
        if (integer) {
          Type quantized = RankedTensorType::get(
              input.type.getShape(),
              getActivationElementType(
                  *candidate.integer->inputs[index].activation, context));
          add(pricer.pricePrecisionOp(
              input.type, fused, [&](OpBuilder &b, Value x) {
                return QuantizeOp::create(b, x.getLoc(), quantized, x)
                    .getOperation();
              }));
        } else {
          Type converted = RankedTensorType(input.type).clone(element);
          add(pricer.pricePrecisionOp(
              input.type, fused, [&](OpBuilder &b, Value x) {
                return ConvertOp::create(b, x.getLoc(), converted, x,
                                         RoundingMode::NearestEven,
                                         std::nullopt,
                                         /*saturate=*/true)
                    .getOperation();
              }));
        }
      }
      if (integer) {
        Type accumulator = resultType.clone(
            getAccumulatorElementType(*candidate.integer, context));
        add(pricer.pricePrecisionOp(
            accumulator, /*fused=*/true, [&](OpBuilder &b, Value x) {
              return DequantizeOp::create(b, x.getLoc(), resultType, x)
                  .getOperation();
            }));
      } else if (candidate.accumulator != Precision::F32) {
        Type narrow = resultType.clone(element);
        if (!getUniformInitValue(op.getDpsInitOperand(0)->get()))
          add(pricer.pricePrecisionOp(
              resultType, /*fused=*/true, [&](OpBuilder &b, Value x) {
                return ConvertOp::create(b, x.getLoc(), narrow, x,
                                         RoundingMode::NearestEven,
                                         std::nullopt,
                                         /*saturate=*/true)
                    .getOperation();
              }));
        add(pricer.pricePrecisionOp(
            narrow, /*fused=*/true, [&](OpBuilder &b, Value x) {
              return ConvertOp::create(b, x.getLoc(), resultType, x)
                  .getOperation();
            }));
      }
    }
    if (!priced) {
      note(pricer.getMessage());
      continue;
    }
    candidate.transferTime = transferTime;
    plan.candidates.push_back(std::move(candidate));
  }

  if (std::optional<unsigned> reference = plan.lookup(Precision::F32)) {
    plan.baseline = *reference;
  } else {
    for (auto [index, candidate] : llvm::enumerate(plan.candidates)) {
      const SiteCandidate &best = plan.candidates[plan.baseline];
      if (candidate.loss < best.loss ||
          (candidate.loss == best.loss &&
           candidate.execTime + candidate.transferTime <
               best.execTime + best.transferTime))
        plan.baseline = index;
    }
  }
  return plan;
}
