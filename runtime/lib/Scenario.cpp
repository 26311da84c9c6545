//===- Scenario.cpp - Run-time events injected into the simulation --------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/Scenario.h"

#include "ap/Analysis/TargetModel.h"
#include "ap/Support/JSONReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <cmath>
#include <random>

using namespace ap::rt;
using llvm::StringRef;
using mlir::ap::JSONDiagnostics;
using mlir::ap::JSONObjectReader;
using mlir::ap::NumberBound;
namespace json = llvm::json;

//===----------------------------------------------------------------------===//
// Lookups
//===----------------------------------------------------------------------===//

/// The events at or before `time`, newest first: iterate from the returned
/// index down to 0.
static size_t countEventsUpTo(const std::vector<ScenarioEvent> &events,
                              double time) {
  auto end = std::upper_bound(events.begin(), events.end(), time,
                              [](double time, const ScenarioEvent &event) {
                                return time < event.time;
                              });
  return static_cast<size_t>(end - events.begin());
}

double Scenario::getLinkFactor(unsigned link, double time) const {
  for (size_t index = countEventsUpTo(events, time); index-- > 0;) {
    const ScenarioEvent &event = events[index];
    if (event.kind == ScenarioEvent::Kind::LinkBandwidth && event.link == link)
      return event.factor;
  }
  return 1;
}

double Scenario::getPowerCap(double time) const {
  for (size_t index = countEventsUpTo(events, time); index-- > 0;)
    if (events[index].kind == ScenarioEvent::Kind::PowerCap)
      return events[index].watts;
  return 0;
}

const ScenarioEvent *Scenario::getInputShift(unsigned argument,
                                             double time) const {
  for (size_t index = countEventsUpTo(events, time); index-- > 0;) {
    const ScenarioEvent &event = events[index];
    if (event.kind == ScenarioEvent::Kind::InputShift &&
        (!event.argument || *event.argument == argument))
      return &event;
  }
  return nullptr;
}

std::vector<const ScenarioEvent *> Scenario::getEventsBetween(double from,
                                                              double to) const {
  std::vector<const ScenarioEvent *> result;
  for (size_t index = countEventsUpTo(events, from),
              end = countEventsUpTo(events, to);
       index < end; ++index)
    result.push_back(&events[index]);
  return result;
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

namespace {

/// Reads scenario files, reporting to one JSONDiagnostics.
class ScenarioReader {
public:
  ScenarioReader(JSONDiagnostics &diagnostics,
                 const mlir::ap::TargetModel &target)
      : diagnostics(diagnostics), target(target) {}

  /// Reads the document `root` into `scenario`; problems go to the
  /// diagnostics.
  void read(const json::Value &root, Scenario &scenario);

private:
  /// Reads the event `value` at `path`; std::nullopt when it has errors.
  std::optional<ScenarioEvent> readEvent(const json::Value &value,
                                         const std::string &path);
  /// The optional member `key`, a finite number; `defaultValue` when
  /// absent, std::nullopt when it is not a finite number.
  std::optional<double> getFinite(JSONObjectReader &reader, StringRef key,
                                  double defaultValue);
  /// The optional member `key`, a number in `bound`; `defaultValue` when
  /// absent.
  std::optional<double> getOptionalNumber(JSONObjectReader &reader,
                                          StringRef key, NumberBound bound,
                                          double defaultValue);
  /// The optional member `key`, an integer in [0, `max`]; unset when absent
  /// or wrong (then reported).
  std::optional<uint64_t> getInteger(JSONObjectReader &reader, StringRef key,
                                     uint64_t max);
  /// The index of the link named by the member `key`.
  std::optional<unsigned> getLink(JSONObjectReader &reader, StringRef key);

  JSONDiagnostics &diagnostics;
  const mlir::ap::TargetModel &target;
};

} // namespace

std::optional<double> ScenarioReader::getFinite(JSONObjectReader &reader,
                                                StringRef key,
                                                double defaultValue) {
  const json::Value *value = reader.get(key, /*required=*/false);
  if (!value)
    return defaultValue;
  std::optional<double> number = value->getAsNumber();
  if (!number || !std::isfinite(*number)) {
    diagnostics.error(reader.memberPath(key), "expected a finite number");
    return std::nullopt;
  }
  return number;
}

std::optional<double>
ScenarioReader::getOptionalNumber(JSONObjectReader &reader, StringRef key,
                                  NumberBound bound, double defaultValue) {
  const json::Value *value = reader.get(key, /*required=*/false);
  if (!value)
    return defaultValue;
  return reader.checkNumber(*value, reader.memberPath(key), bound);
}

std::optional<uint64_t> ScenarioReader::getInteger(JSONObjectReader &reader,
                                                   StringRef key,
                                                   uint64_t max) {
  const json::Value *value = reader.get(key, /*required=*/false);
  if (!value)
    return std::nullopt;
  std::optional<uint64_t> integer = value->getAsUINT64();
  if (!integer) {
    // Integral numbers written with a fraction or an exponent (7.0, 1e3).
    std::optional<double> number = value->getAsNumber();
    if (number && *number >= 0 && *number < 0x1p64 &&
        std::floor(*number) == *number)
      integer = static_cast<uint64_t>(*number);
  }
  if (!integer || *integer > max) {
    diagnostics.error(reader.memberPath(key),
                      max == UINT64_MAX ? std::string("expected a "
                                                      "non-negative integer")
                                        : "expected an integer from 0 to " +
                                              std::to_string(max));
    return std::nullopt;
  }
  return integer;
}

std::optional<unsigned> ScenarioReader::getLink(JSONObjectReader &reader,
                                                StringRef key) {
  std::optional<StringRef> name = reader.getString(key);
  if (!name)
    return std::nullopt;
  if (std::optional<unsigned> link = target.lookupLink(*name))
    return link;
  std::string links;
  for (const mlir::ap::LinkModel &link : target.getLinks())
    links += (links.empty() ? "" : ", ") + link.name;
  diagnostics.error(
      reader.memberPath(key),
      "'" + *name + "' is not a link of the target " +
          (links.empty() ? "(it has no links)" : "(links: " + links + ")"));
  return std::nullopt;
}

std::optional<ScenarioEvent>
ScenarioReader::readEvent(const json::Value &value, const std::string &path) {
  const json::Object *object = value.getAsObject();
  if (!object) {
    diagnostics.error(path, "expected an object describing an event");
    return std::nullopt;
  }
  size_t errorsBefore = diagnostics.getErrorCount();
  JSONObjectReader reader(diagnostics, *object, path);
  ScenarioEvent event;
  std::optional<double> time = reader.getNumber("at", NumberBound::NonNegative);
  if (time)
    event.time = *time;
  std::optional<StringRef> kind = reader.getString("kind");
  if (!kind || (*kind != "link_bandwidth" && *kind != "power_cap" &&
                *kind != "input_shift")) {
    if (kind)
      diagnostics.error(reader.memberPath("kind"),
                        "unknown event kind '" + *kind +
                            "'; expected one of 'input_shift', "
                            "'link_bandwidth', 'power_cap'");
    // Without a kind the other members cannot be checked.
    for (const auto &member : *object)
      reader.get(member.first, /*required=*/false);
    return std::nullopt;
  }

  if (*kind == "link_bandwidth") {
    event.kind = ScenarioEvent::Kind::LinkBandwidth;
    if (std::optional<unsigned> link = getLink(reader, "link"))
      event.link = *link;
    if (std::optional<double> factor =
            reader.getNumber("factor", NumberBound::Positive))
      event.factor = *factor;
  } else if (*kind == "power_cap") {
    event.kind = ScenarioEvent::Kind::PowerCap;
    if (std::optional<double> watts =
            reader.getNumber("watts", NumberBound::NonNegative))
      event.watts = *watts;
  } else {
    event.kind = ScenarioEvent::Kind::InputShift;
    if (std::optional<double> scale = getFinite(reader, "scale", 1.0))
      event.scale = *scale;
    if (std::optional<double> offset = getFinite(reader, "offset", 0.0))
      event.offset = *offset;
    if (std::optional<double> noise =
            getOptionalNumber(reader, "noise", NumberBound::NonNegative, 0.0))
      event.noise = *noise;
    if (std::optional<uint64_t> seed = getInteger(reader, "seed", UINT64_MAX))
      event.seed = *seed;
    if (std::optional<uint64_t> argument =
            getInteger(reader, "argument", UINT32_MAX))
      event.argument = static_cast<unsigned>(*argument);
  }
  reader.reportUnknownKeys();
  if (diagnostics.getErrorCount() != errorsBefore)
    return std::nullopt;
  return event;
}

void ScenarioReader::read(const json::Value &root, Scenario &scenario) {
  const json::Object *object = mlir::ap::getRootObject(root, diagnostics);
  if (!object)
    return;
  JSONObjectReader reader(diagnostics, *object, "$");
  reader.checkFormat(kScenarioFormatName, kScenarioFormatVersion);
  if (std::optional<StringRef> description =
          reader.getString("description", /*required=*/false))
    scenario.description = description->str();
  if (std::optional<double> period =
          getOptionalNumber(reader, "period", NumberBound::NonNegative, 0.0))
    scenario.period = *period;
  if (const json::Array *events =
          reader.getArray("events", /*required=*/false)) {
    for (auto [index, element] : llvm::enumerate(*events))
      if (std::optional<ScenarioEvent> event =
              readEvent(element, "$.events[" + std::to_string(index) + "]"))
        scenario.events.push_back(*event);
  }
  reader.reportUnknownKeys();
  llvm::stable_sort(scenario.events,
                    [](const ScenarioEvent &a, const ScenarioEvent &b) {
                      return a.time < b.time;
                    });
}

llvm::Expected<Scenario>
ap::rt::parseScenario(StringRef text, StringRef fileName,
                      const mlir::ap::TargetModel &target) {
  llvm::Expected<json::Value> root = mlir::ap::parseJSONFile(text, fileName);
  if (!root)
    return root.takeError();
  JSONDiagnostics diagnostics(fileName);
  Scenario scenario;
  ScenarioReader(diagnostics, target).read(*root, scenario);
  if (diagnostics.hasErrors())
    return diagnostics.takeError();
  return scenario;
}

llvm::Expected<Scenario>
ap::rt::loadScenario(StringRef path, const mlir::ap::TargetModel &target) {
  llvm::Expected<std::string> text = mlir::ap::readInputFile(path, "scenario");
  if (!text)
    return text.takeError();
  return parseScenario(*text, path, target);
}

//===----------------------------------------------------------------------===//
// Input shifts
//===----------------------------------------------------------------------===//

/// A double in (0, 1] from the 53 high bits of one output of `engine`.
static double drawUniform(std::mt19937_64 &engine) {
  return static_cast<double>((engine() >> 11) + 1) * 0x1p-53;
}

/// The seed of the noise of argument `argument` in inference `batch`:
/// seed ^ ((batch + argument * 2^32) * 0x9E3779B97F4A7C15) modulo 2^64. The
/// multiplier is odd, hence invertible modulo 2^64: for batches below 2^32,
/// distinct (batch, argument) pairs give distinct seeds, and argument 0 gives
/// seed ^ (batch * 0x9E3779B97F4A7C15).
static uint64_t getNoiseSeed(uint64_t seed, int64_t batch, unsigned argument) {
  constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ull;
  uint64_t stream =
      static_cast<uint64_t>(batch) + (static_cast<uint64_t>(argument) << 32);
  return seed ^ (stream * kGolden);
}

void ap::rt::applyInputShift(const ScenarioEvent &shift, float *data,
                             int64_t elements, int64_t batch,
                             unsigned argument) {
  if (elements <= 0)
    return;
  if (shift.noise == 0) {
    for (int64_t index = 0; index < elements; ++index)
      data[index] = static_cast<float>(
          static_cast<double>(data[index]) * shift.scale + shift.offset);
    return;
  }
  std::mt19937_64 engine(getNoiseSeed(shift.seed, batch, argument));
  constexpr double kTwoPi = 6.283185307179586476925286766559;
  double deviates[2] = {0, 0};
  for (int64_t index = 0; index < elements; ++index) {
    if (index % 2 == 0) {
      double u1 = drawUniform(engine);
      double u2 = drawUniform(engine);
      double radius = std::sqrt(-2.0 * std::log(u1));
      deviates[0] = radius * std::cos(kTwoPi * u2);
      deviates[1] = radius * std::sin(kTwoPi * u2);
    }
    double value = static_cast<double>(data[index]) * shift.scale +
                   shift.offset + shift.noise * deviates[index % 2];
    data[index] = static_cast<float>(value);
  }
}
