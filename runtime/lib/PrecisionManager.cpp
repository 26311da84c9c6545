//===- PrecisionManager.cpp - Which variant each switch point runs --------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The precision manager's rules.
//
// Switch points. lookupPoint validates an ap_rt_select_info (a non-empty
// name, a device >= 0, at least one variant, the default among them, a
// non-null array of precisions each a number format (not opaque); the
// losses, times, energies and bytes arrays may each be null, meaning 0, and
// their values must be finite, the times, energies and bytes >= 0). At its
// first sight a point is registered: it runs its default, its ladder is
// computed and the metrics reported for it before are moved in. Later
// descriptions must have the same variant count and precisions.
//
// The ladder of a point lists its variants from the most precise to the
// cheapest: by packed bits of their precision, decreasing; at equal bits
// floats before integers; then by index. Raising precision moves towards
// ladder[0], lowering it towards the end.
//
// Metrics. reportMetric keeps, per variant and metric, the last sample
// reported for a variant at that precision (every variant at it, when
// several share a precision).
//
// Decisions. decide counts the execution (in all, and in the current
// inference, restarted when the inference index changes), computes the
// policy's proposal, lets the hook override it (-1 keeps the proposal, any
// other index out of range is an error), and, when the choice differs from
// the current variant, records a Decision and counts a switch.
//
// Static: the current variant, which is the default (only a hook changes
// it).
//
// Quality, per point, from the point's own metrics. A variant is acceptable
// when its latest sqnr (if any) is >= minSqnr and its latest saturation rate
// (if any) <= maxSaturation; it has a margin when its sqnr (if any) is >=
// minSqnr + sqnrMargin and its saturation rate (if any) <= maxSaturation *
// saturationMargin. A variant without either metric is acceptable, with a
// margin, when it is ladder[0], and unknown (not acceptable) otherwise.
// When the current variant is not acceptable, the point moves up to the
// narrowest acceptable variant wider than it (ladder[0] when none is) and its
// streak restarts. Otherwise, when a variant narrower than the current one
// has a margin, the streak grows, and once it reaches `hold` the point moves
// down to the narrowest variant with a margin and the streak restarts; when
// none has a margin the streak restarts. A metric between minSqnr and
// minSqnr + sqnrMargin (or between the two saturation limits) therefore
// neither raises nor lowers: no oscillation.
//
// Resource, global. A limit is passed when the power of every device and
// link exceeds powerCap (when > 0), when a memory tier of a device is more
// than occupancyLimit full, or when a device is busy more than
// deviceOccupancyLimit of the window (when < 1); the first of these, in this
// order, is the measure to relieve. Every measure is under when each one in
// force is below its limit times (1 - resourceMargin). A step waits a window
// after the last one (so that the window sees its effect). Over a limit, the
// step lowers by one rung, from its pending (else current) variant, the
// point that loses the least accuracy per unit of the measure saved (joules
// for power, seconds for device occupancy, bytes for memory), among the
// points of the devices over the limit for the occupancies and among all
// points for power; a step saving nothing ranks after every step that saves
// something; ties go to the smaller loss increase, then to the lower point
// index. Under every limit, the step raises by one rung the point that
// regains the most accuracy per unit of the measure of the last step down
// (before any: joules when there is a power cap, else seconds when there is
// a device occupancy limit, else bytes); a raise that costs nothing ranks
// first; ties go to the larger loss reduction, then to the lower index. A
// step sets the point's pending variant, which its next execution takes.
//
// Budget, per inference. At the end of an inference whose latency L is
// known, with a target T > 0: each point's executions in it, N_p, give the
// model latency(v) = base + sum_p time_p(v_p) * N_p, with base = L - sum_p
// time_p(current_p) * N_p. The plan is the choice of a variant per point
// with the least total loss whose model latency is at most T, and when none
// is, the fastest one (of least loss). It is found exactly by extending the
// Pareto frontier of (time, loss) of partial plans one point at a time; a
// frontier larger than 4096 plans is thinned evenly (keeping its fastest
// and its least lossy plan), which makes the plan approximate only for very
// many points. A plan with as much total loss as the current variants or
// more is adopted only when L > T; one with less loss when L > T or when
// its model latency is at most T * (1 - latencyMargin), so that a latency
// between the two thresholds changes nothing. Adopting sets every point's
// pending variant (clears it for the points whose plan is their current
// variant).
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/PrecisionManager.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

using namespace ap::rt;

//===----------------------------------------------------------------------===//
// Policies and options
//===----------------------------------------------------------------------===//

llvm::StringRef ap::rt::getPolicyName(PolicyKind kind) {
  switch (kind) {
  case PolicyKind::Static:
    return "static";
  case PolicyKind::Quality:
    return "quality";
  case PolicyKind::Resource:
    return "resource";
  case PolicyKind::Budget:
    return "budget";
  }
  llvm_unreachable("unknown policy");
}

std::optional<PolicyKind> ap::rt::parsePolicyName(llvm::StringRef name) {
  for (PolicyKind kind : {PolicyKind::Static, PolicyKind::Quality,
                          PolicyKind::Resource, PolicyKind::Budget})
    if (getPolicyName(kind) == name)
      return kind;
  return std::nullopt;
}

llvm::ArrayRef<llvm::StringRef> PolicyOptions::getNames() {
  static const llvm::StringRef names[] = {"min_sqnr",
                                          "max_saturation",
                                          "sqnr_margin",
                                          "saturation_margin",
                                          "hold",
                                          "window",
                                          "power_cap",
                                          "occupancy_limit",
                                          "device_occupancy_limit",
                                          "resource_margin",
                                          "latency_target",
                                          "latency_margin"};
  return names;
}

/// `text` with `value` formatted by printf's `format`.
template <typename... Ts>
static std::string formatText(const char *format, Ts... values) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format(format, values...);
  return text;
}

llvm::Error PolicyOptions::set(llvm::StringRef name, double value) {
  auto fail = [&](llvm::StringRef expected) {
    return llvm::createStringError(
        formatText("policy option '%s' must be %s, not %g", name.str().c_str(),
                   expected.str().c_str(), value));
  };
  bool finite = std::isfinite(value);
  // A finite value >= 0.
  auto setNonNegative = [&](double &option) -> llvm::Error {
    if (!finite || value < 0)
      return fail("a finite number >= 0");
    option = value;
    return llvm::Error::success();
  };
  // A fraction.
  auto setFraction = [&](double &option) -> llvm::Error {
    if (!finite || value < 0 || value > 1)
      return fail("in [0, 1]");
    option = value;
    return llvm::Error::success();
  };

  if (name == "min_sqnr")
    return setNonNegative(minSqnr);
  if (name == "max_saturation")
    return setFraction(maxSaturation);
  if (name == "sqnr_margin")
    return setNonNegative(sqnrMargin);
  if (name == "saturation_margin")
    return setFraction(saturationMargin);
  if (name == "hold") {
    if (!finite || value < 1 || value != std::floor(value))
      return fail("a whole number >= 1");
    if (value > std::numeric_limits<unsigned>::max())
      return fail(formatText("a whole number <= %u",
                             std::numeric_limits<unsigned>::max()));
    hold = static_cast<unsigned>(value);
    return llvm::Error::success();
  }
  if (name == "window") {
    if (!finite || value <= 0)
      return fail("a finite number > 0 (seconds)");
    window = value;
    return llvm::Error::success();
  }
  if (name == "power_cap")
    return setNonNegative(powerCap);
  if (name == "occupancy_limit")
    return setFraction(occupancyLimit);
  if (name == "device_occupancy_limit")
    return setFraction(deviceOccupancyLimit);
  if (name == "resource_margin")
    return setFraction(resourceMargin);
  if (name == "latency_target")
    return setNonNegative(latencyTarget);
  if (name == "latency_margin")
    return setFraction(latencyMargin);
  return llvm::createStringError("unknown policy option '" + name +
                                 "' (known: " + llvm::join(getNames(), ", ") +
                                 ")");
}

//===----------------------------------------------------------------------===//
// Switch points and metrics
//===----------------------------------------------------------------------===//

/// The position of `variant` in the ladder of `point`.
static unsigned getRung(const SwitchPoint &point, unsigned variant) {
  return static_cast<unsigned>(llvm::find(point.ladder, variant) -
                               point.ladder.begin());
}

/// The variant the resource and budget policies start from: the pending one,
/// else the current one.
static unsigned getPlanned(const SwitchPoint &point) {
  return point.pending ? *point.pending : point.current;
}

/// Stores `sample` of `metric` for every variant of `point` at `precision`.
static void storeMetric(SwitchPoint &point, Format precision, Metric metric,
                        const MetricSample &sample) {
  for (auto [variant, description] : llvm::enumerate(point.variants))
    if (description.precision == precision)
      point.metrics[variant][static_cast<size_t>(metric)] = sample;
}

/// Whether `metric` is one of the metrics a probe computes.
static bool isKnownMetric(Metric metric) {
  auto value = static_cast<int32_t>(metric);
  return value >= 0 && value <= static_cast<int32_t>(Metric::SaturationRate);
}

llvm::Expected<unsigned>
PrecisionManager::lookupPoint(const ap_rt_select_info &info) {
  if (!info.name || !*info.name)
    return llvm::createStringError("a switch point has no name");
  llvm::StringRef name = info.name;
  // `what` follows the point's name: " has ..." or ": the ...".
  auto fail = [&](const std::string &what) {
    return llvm::createStringError("switch point '" + name + "'" + what);
  };
  if (info.num_variants < 1)
    return fail(formatText(" has %d variants; it needs at least one",
                           static_cast<int>(info.num_variants)));
  int32_t count = info.num_variants;
  if (info.default_variant < 0 || info.default_variant >= count)
    return fail(formatText(": the default variant %d is not one of its %d "
                           "variants",
                           static_cast<int>(info.default_variant),
                           static_cast<int>(count)));
  if (info.device < 0)
    return fail(formatText(": the device %d is negative",
                           static_cast<int>(info.device)));
  if (!info.precisions)
    return fail(": the array of precisions is null");

  std::vector<Format> precisions;
  for (int32_t i = 0; i < count; ++i) {
    std::optional<Format> format = getFormat(info.precisions[i]);
    if (!format || *format == Format::Opaque)
      return fail(formatText(": the precision %d of variant %d is not a number "
                             "format",
                             static_cast<int>(info.precisions[i]),
                             static_cast<int>(i)));
    precisions.push_back(*format);
  }

  // A point seen before: its description must be the same.
  auto found = pointIndex.find(name);
  if (found != pointIndex.end()) {
    const SwitchPoint &point = points[found->second];
    if (point.variants.size() != static_cast<size_t>(count))
      return fail(formatText(" has %d variants, but had %d at its first "
                             "execution",
                             static_cast<int>(count),
                             static_cast<int>(point.variants.size())));
    for (int32_t i = 0; i < count; ++i)
      if (point.variants[i].precision != precisions[i])
        return fail(formatText(
            ": variant %d has precision %s, but had %s at its first execution",
            static_cast<int>(i), getFormatName(precisions[i]).str().c_str(),
            getFormatName(point.variants[i].precision).str().c_str()));
    return found->second;
  }

  SwitchPoint point;
  point.name = name.str();
  point.device = static_cast<unsigned>(info.device);
  for (int32_t i = 0; i < count; ++i) {
    Variant variant;
    variant.precision = precisions[i];
    variant.loss = info.losses ? info.losses[i] : 0;
    variant.time = info.times ? info.times[i] : 0;
    variant.energy = info.energies ? info.energies[i] : 0;
    variant.bytes = info.bytes ? info.bytes[i] : 0;
    if (!std::isfinite(variant.loss))
      return fail(formatText(": the loss of variant %d is not finite",
                             static_cast<int>(i)));
    if (!std::isfinite(variant.time) || variant.time < 0)
      return fail(formatText(": the time of variant %d is %g; it must be "
                             "finite and >= 0",
                             static_cast<int>(i), variant.time));
    if (!std::isfinite(variant.energy) || variant.energy < 0)
      return fail(formatText(": the energy of variant %d is %g; it must be "
                             "finite and >= 0",
                             static_cast<int>(i), variant.energy));
    if (variant.bytes < 0)
      return fail(formatText(": the bytes of variant %d are %lld; they must be "
                             ">= 0",
                             static_cast<int>(i),
                             static_cast<long long>(variant.bytes)));
    point.variants.push_back(variant);
  }
  point.defaultVariant = static_cast<unsigned>(info.default_variant);
  point.current = point.defaultVariant;
  for (int32_t i = 0; i < count; ++i)
    point.ladder.push_back(static_cast<unsigned>(i));
  llvm::stable_sort(point.ladder, [&](unsigned a, unsigned b) {
    Format fa = precisions[a], fb = precisions[b];
    return std::make_tuple(-static_cast<int>(getPackedBits(fa)),
                           !isFloatFormat(fa)) <
           std::make_tuple(-static_cast<int>(getPackedBits(fb)),
                           !isFloatFormat(fb));
  });
  point.metrics.resize(count);
  point.runs.assign(count, 0);

  // The metrics reported before the point's first execution.
  llvm::erase_if(early, [&](const EarlyMetric &metric) {
    if (metric.site != point.name)
      return false;
    storeMetric(point, metric.precision, metric.metric, metric.sample);
    return true;
  });

  unsigned index = static_cast<unsigned>(points.size());
  points.push_back(std::move(point));
  pointIndex[name] = index;
  return index;
}

void PrecisionManager::reportMetric(llvm::StringRef site, Format precision,
                                    Metric metric, double value, double time) {
  if (!isKnownMetric(metric))
    return;
  MetricSample sample{value, time};
  auto found = pointIndex.find(site);
  if (found != pointIndex.end()) {
    storeMetric(points[found->second], precision, metric, sample);
    return;
  }
  // Keep the last sample per (site, precision, metric) until the point
  // registers.
  for (EarlyMetric &kept : early)
    if (kept.site == site && kept.precision == precision &&
        kept.metric == metric) {
      kept.sample = sample;
      return;
    }
  early.push_back({site.str(), precision, metric, sample});
}

//===----------------------------------------------------------------------===//
// Quality
//===----------------------------------------------------------------------===//

namespace {
/// What the quality policy knows of one variant.
struct VariantQuality {
  std::optional<double> sqnr, saturation;
  bool acceptable = false, margin = false;
};
} // namespace

static VariantQuality getQuality(const SwitchPoint &point, unsigned variant,
                                 const PolicyOptions &options) {
  VariantQuality quality;
  const auto &metrics = point.metrics[variant];
  if (const auto &sample = metrics[static_cast<size_t>(Metric::SQNR)])
    quality.sqnr = sample->value;
  if (const auto &sample = metrics[static_cast<size_t>(Metric::SaturationRate)])
    quality.saturation = sample->value;
  if (!quality.sqnr && !quality.saturation) {
    quality.acceptable = quality.margin = variant == point.ladder.front();
    return quality;
  }
  // Written so that a NaN metric is neither acceptable nor a margin.
  quality.acceptable =
      (!quality.sqnr || *quality.sqnr >= options.minSqnr) &&
      (!quality.saturation || *quality.saturation <= options.maxSaturation);
  quality.margin =
      (!quality.sqnr ||
       *quality.sqnr >= options.minSqnr + options.sqnrMargin) &&
      (!quality.saturation ||
       *quality.saturation <= options.maxSaturation * options.saturationMargin);
  return quality;
}

unsigned PrecisionManager::proposeQuality(SwitchPoint &point,
                                          std::string &reason) {
  unsigned rung = getRung(point, point.current);
  VariantQuality current = getQuality(point, point.current, options);
  if (!current.acceptable) {
    point.marginStreak = 0;
    unsigned target = point.ladder.front();
    for (unsigned r = rung; r-- > 0;) {
      if (getQuality(point, point.ladder[r], options).acceptable) {
        target = point.ladder[r];
        break;
      }
    }
    if (current.sqnr && !(*current.sqnr >= options.minSqnr))
      reason =
          formatText("sqnr %.1f dB < %g dB", *current.sqnr, options.minSqnr);
    else if (current.saturation &&
             !(*current.saturation <= options.maxSaturation))
      reason = formatText("saturation %.4f > %.4f", *current.saturation,
                          options.maxSaturation);
    else
      reason = formatText(
          "no sqnr or saturation_rate metric for variant %u (%s)",
          point.current,
          getFormatName(point.variants[point.current].precision).str().c_str());
    return target;
  }

  // The narrowest variant narrower than the current one with a margin.
  std::optional<unsigned> narrower;
  for (unsigned r = point.ladder.size(); r-- > rung + 1;) {
    if (getQuality(point, point.ladder[r], options).margin) {
      narrower = point.ladder[r];
      break;
    }
  }
  if (!narrower) {
    point.marginStreak = 0;
    return point.current;
  }
  if (++point.marginStreak < options.hold)
    return point.current;
  point.marginStreak = 0;
  bool hasSqnr = getQuality(point, *narrower, options).sqnr.has_value();
  reason = formatText("%s margin for %u executions",
                      hasSqnr ? "sqnr" : "saturation", options.hold);
  return *narrower;
}

//===----------------------------------------------------------------------===//
// Resource
//===----------------------------------------------------------------------===//

/// The largest tier occupancy of `device` (0 for a device the snapshot does
/// not have).
static double getMemoryOccupancy(const ResourceSnapshot &resources,
                                 unsigned device) {
  return device < resources.tierOccupancy.size()
             ? resources.getMemoryOccupancy(device)
             : 0;
}

/// Element `index` of `values`, 0 when out of range.
static double getOrZero(const std::vector<double> &values, unsigned index) {
  return index < values.size() ? values[index] : 0;
}

void PrecisionManager::stepResources(const ResourceSnapshot &resources,
                                     double now) {
  if (lastResourceStep && now - *lastResourceStep < options.window)
    return;
  double margin = 1 - options.resourceMargin;
  unsigned numDevices = static_cast<unsigned>(
      std::max({resources.devicePower.size(), resources.deviceOccupancy.size(),
                resources.tierOccupancy.size()}));

  // The measures over their limits, and the first of them.
  double power = resources.getTotalPower();
  bool powerOver = options.powerCap > 0 && power > options.powerCap;
  bool under = options.powerCap <= 0 || power < options.powerCap * margin;
  std::vector<bool> memoryOver(numDevices), deviceOver(numDevices);
  double memoryWorst = 0, deviceWorst = 0;
  bool deviceLimited = options.deviceOccupancyLimit < 1;
  for (unsigned d = 0; d < numDevices; ++d) {
    double memory = getMemoryOccupancy(resources, d);
    memoryOver[d] = memory > options.occupancyLimit;
    if (memoryOver[d])
      memoryWorst = std::max(memoryWorst, memory);
    if (!(memory < options.occupancyLimit * margin))
      under = false;
    if (!deviceLimited)
      continue;
    double busy = getOrZero(resources.deviceOccupancy, d);
    deviceOver[d] = busy > options.deviceOccupancyLimit;
    if (deviceOver[d])
      deviceWorst = std::max(deviceWorst, busy);
    if (!(busy < options.deviceOccupancyLimit * margin))
      under = false;
  }

  std::optional<ResourceMeasure> over;
  std::string reason;
  if (powerOver) {
    over = ResourceMeasure::Power;
    // Watts to 3 significant digits: a cap of 38 mW reads 0.038 W.
    reason = formatText("power %.3g W > cap %.3g W", power, options.powerCap);
  } else if (llvm::is_contained(memoryOver, true)) {
    over = ResourceMeasure::Memory;
    reason = formatText("tier occupancy %.2f > %.2f", memoryWorst,
                        options.occupancyLimit);
  } else if (llvm::is_contained(deviceOver, true)) {
    over = ResourceMeasure::DeviceTime;
    reason = formatText("device occupancy %.2f > %.2f", deviceWorst,
                        options.deviceOccupancyLimit);
  }

  // What moving `point` from variant `from` to `to` saves of `measure`.
  auto getSaving = [](const SwitchPoint &point, unsigned from, unsigned to,
                      ResourceMeasure measure) -> double {
    const Variant &a = point.variants[from], &b = point.variants[to];
    switch (measure) {
    case ResourceMeasure::Power:
      return a.energy - b.energy;
    case ResourceMeasure::DeviceTime:
      return a.time - b.time;
    case ResourceMeasure::Memory:
      return static_cast<double>(a.bytes - b.bytes);
    }
    llvm_unreachable("unknown resource measure");
  };
  constexpr double infinity = std::numeric_limits<double>::infinity();

  if (over) {
    const std::vector<bool> *devices =
        *over == ResourceMeasure::Memory       ? &memoryOver
        : *over == ResourceMeasure::DeviceTime ? &deviceOver
                                               : nullptr;
    // The step down with the least (ratio, loss increase, point).
    std::optional<std::tuple<double, double, unsigned>> best;
    unsigned bestVariant = 0;
    for (auto [index, point] : llvm::enumerate(points)) {
      if (devices &&
          (point.device >= devices->size() || !(*devices)[point.device]))
        continue;
      unsigned from = getPlanned(point);
      unsigned rung = getRung(point, from);
      if (rung + 1 >= point.ladder.size())
        continue;
      unsigned to = point.ladder[rung + 1];
      double increase = point.variants[to].loss - point.variants[from].loss;
      double saving = getSaving(point, from, to, *over);
      double ratio = saving > 0 ? increase / saving : infinity;
      auto key = std::make_tuple(ratio, increase, static_cast<unsigned>(index));
      if (!best || key < *best) {
        best = key;
        bestVariant = to;
      }
    }
    if (!best)
      return;
    SwitchPoint &point = points[std::get<2>(*best)];
    point.pending = bestVariant;
    point.pendingReason = reason;
    lastResourceStep = now;
    lastResourceMeasure = over;
    return;
  }
  if (!under)
    return;

  ResourceMeasure measure = lastResourceMeasure    ? *lastResourceMeasure
                            : options.powerCap > 0 ? ResourceMeasure::Power
                            : deviceLimited        ? ResourceMeasure::DeviceTime
                                                   : ResourceMeasure::Memory;
  // The step up with the largest (gain per cost, loss reduction) and the
  // lowest point index.
  std::optional<std::tuple<double, double, unsigned>> best;
  unsigned bestVariant = 0;
  for (auto [index, point] : llvm::enumerate(points)) {
    unsigned from = getPlanned(point);
    unsigned rung = getRung(point, from);
    if (rung == 0)
      continue;
    unsigned to = point.ladder[rung - 1];
    double reduction = point.variants[from].loss - point.variants[to].loss;
    double cost = getSaving(point, to, from, measure);
    double gain = cost > 0 ? reduction / cost : infinity;
    // Negated so that the smallest key is the best.
    auto key = std::make_tuple(-gain, -reduction, static_cast<unsigned>(index));
    if (!best || key < *best) {
      best = key;
      bestVariant = to;
    }
  }
  if (!best)
    return;
  SwitchPoint &point = points[std::get<2>(*best)];
  point.pending = bestVariant;
  point.pendingReason = "resources under limits";
  lastResourceStep = now;
}

//===----------------------------------------------------------------------===//
// Budget
//===----------------------------------------------------------------------===//

namespace {
/// A partial plan of the budget policy: the variants of the first points,
/// their model seconds and their loss, and how it extends its parent (a
/// partial plan of one point fewer) by a rung of the next point.
struct PartialPlan {
  double time = 0, loss = 0;
  unsigned parent = 0, rung = 0;
};
} // namespace

/// The budget policy keeps at most this many partial plans per point.
static constexpr size_t maxPartialPlans = 4096;

void PrecisionManager::planBudget(double lastLatency) {
  double target = options.latencyTarget;
  double base = lastLatency;
  double currentLoss = 0;
  auto getModelTime = [](const SwitchPoint &point, unsigned variant) {
    return point.variants[variant].time *
           static_cast<double>(point.executionsLastInference);
  };
  for (const SwitchPoint &point : points) {
    base -= getModelTime(point, point.current);
    currentLoss += point.variants[point.current].loss;
  }

  // The Pareto frontier of the partial plans after each point, by time
  // increasing and loss strictly decreasing.
  std::vector<std::vector<PartialPlan>> frontiers;
  std::vector<PartialPlan> frontier(1), candidates;
  for (const SwitchPoint &point : points) {
    candidates.clear();
    for (auto [index, plan] : llvm::enumerate(frontier))
      for (auto [rung, variant] : llvm::enumerate(point.ladder))
        candidates.push_back({plan.time + getModelTime(point, variant),
                              plan.loss + point.variants[variant].loss,
                              static_cast<unsigned>(index),
                              static_cast<unsigned>(rung)});
    // Stable: among equal plans, the one of the earlier parent and the
    // wider variant.
    llvm::stable_sort(
        candidates, [](const PartialPlan &a, const PartialPlan &b) {
          return std::tie(a.time, a.loss) < std::tie(b.time, b.loss);
        });
    frontiers.push_back(std::move(frontier));
    frontier.clear();
    for (const PartialPlan &plan : candidates)
      if (frontier.empty() || plan.loss < frontier.back().loss)
        frontier.push_back(plan);
    if (frontier.size() > maxPartialPlans) {
      // Thin evenly, keeping the fastest and the least lossy.
      std::vector<PartialPlan> thinned;
      size_t stride =
          (frontier.size() + maxPartialPlans - 2) / (maxPartialPlans - 1);
      for (size_t i = 0; i + 1 < frontier.size(); i += stride)
        thinned.push_back(frontier[i]);
      thinned.push_back(frontier.back());
      frontier = std::move(thinned);
    }
  }

  // The least lossy plan that meets the target, else the fastest.
  size_t chosen = 0;
  for (size_t i = 0; i < frontier.size(); ++i)
    if (base + frontier[i].time <= target)
      chosen = i;
  double latency = base + frontier[chosen].time;
  double planLoss = frontier[chosen].loss;
  std::vector<unsigned> plan(points.size());
  for (size_t p = points.size(); p-- > 0;) {
    const PartialPlan &partial =
        p + 1 == points.size() ? frontier[chosen] : frontiers[p + 1][chosen];
    plan[p] = points[p].ladder[partial.rung];
    chosen = partial.parent;
  }

  // Microseconds to 3 significant digits, whatever their scale.
  std::string reason;
  if (lastLatency > target)
    reason = formatText("latency %.3g us > target %.3g us", lastLatency * 1e6,
                        target * 1e6);
  else if (planLoss < currentLoss &&
           latency <= target * (1 - options.latencyMargin))
    reason = "latency margin";
  else
    return;
  for (auto [point, variant] : llvm::zip_equal(points, plan)) {
    if (variant == point.current) {
      point.pending.reset();
      point.pendingReason.clear();
      continue;
    }
    point.pending = variant;
    point.pendingReason = reason;
  }
}

//===----------------------------------------------------------------------===//
// Decisions
//===----------------------------------------------------------------------===//

llvm::Expected<unsigned>
PrecisionManager::decide(unsigned index, const ap_rt_select_info &info,
                         const ResourceSnapshot &resources,
                         const InferenceStatus &inference, double now) {
  if (index >= points.size())
    return llvm::createStringError("there is no switch point %u", index);
  SwitchPoint &point = points[index];
  ++point.executions;
  if (point.countedInference != inference.index) {
    point.countedInference = inference.index;
    point.executionsThisInference = 0;
  }
  ++point.executionsThisInference;

  // The policy's proposal.
  unsigned proposed = point.current;
  std::string reason;
  switch (policy) {
  case PolicyKind::Static:
    break;
  case PolicyKind::Quality:
    proposed = proposeQuality(point, reason);
    break;
  case PolicyKind::Resource:
  case PolicyKind::Budget:
    if (policy == PolicyKind::Resource)
      stepResources(resources, now);
    if (point.pending) {
      proposed = *point.pending;
      reason = std::move(point.pendingReason);
      point.pending.reset();
      point.pendingReason.clear();
    }
    break;
  }

  // The hook's override.
  unsigned choice = proposed;
  if (hook) {
    std::vector<ap_rt_metric_value> metrics;
    for (auto [variant, samples] : llvm::enumerate(point.metrics)) {
      Format precision = point.variants[variant].precision;
      // Variants sharing a precision share their metrics: list them once.
      bool listed = llvm::any_of(
          llvm::ArrayRef(point.variants).take_front(variant),
          [&](const Variant &other) { return other.precision == precision; });
      if (listed)
        continue;
      for (auto [metric, sample] : llvm::enumerate(samples))
        if (sample)
          metrics.push_back({static_cast<int32_t>(metric),
                             static_cast<int32_t>(precision), sample->value,
                             sample->time});
    }
    ap_rt_decision_request request{};
    request.point = &info;
    request.current = static_cast<int32_t>(point.current);
    request.proposed = static_cast<int32_t>(proposed);
    request.num_metrics = static_cast<int32_t>(metrics.size());
    request.metrics = metrics.empty() ? nullptr : metrics.data();
    request.now = now;
    request.inference = inference.index;
    request.power = resources.getTotalPower();
    request.device_power = getOrZero(resources.devicePower, point.device);
    request.device_occupancy =
        getOrZero(resources.deviceOccupancy, point.device);
    request.link_utilization = resources.getMaxLinkUtilization();
    request.memory_occupancy = getMemoryOccupancy(resources, point.device);
    request.last_latency = inference.lastLatency;
    request.power_cap = options.powerCap;
    request.latency_target = options.latencyTarget;
    int32_t answer = hook(&request, hookUser);
    if (answer != -1) {
      if (answer < 0 || static_cast<size_t>(answer) >= point.variants.size())
        return llvm::createStringError(formatText(
            "policy hook returned variant %d for switch point '%s', which "
            "has %u variants",
            static_cast<int>(answer), point.name.c_str(),
            static_cast<unsigned>(point.variants.size())));
      choice = static_cast<unsigned>(answer);
      if (choice != proposed)
        reason = "hook";
    }
  }

  if (choice != point.current) {
    decisions.push_back(
        {now, inference.index, index, point.current, choice, reason});
    ++point.switches;
    point.current = choice;
  }
  ++point.runs[choice];
  return choice;
}

void PrecisionManager::endInference(const InferenceStatus &inference) {
  for (SwitchPoint &point : points) {
    point.executionsLastInference = point.countedInference == inference.index
                                        ? point.executionsThisInference
                                        : 0;
    point.executionsThisInference = 0;
  }
  if (policy == PolicyKind::Budget && options.latencyTarget > 0 &&
      inference.lastLatency > 0)
    planBudget(inference.lastLatency);
}

void PrecisionManager::reset() {
  points.clear();
  pointIndex.clear();
  early.clear();
  decisions.clear();
  lastResourceStep.reset();
  lastResourceMeasure.reset();
}
