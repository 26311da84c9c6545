//===- ValueStatisticsJSON.cpp - Statistics in profiles -------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// One reader checks an element of a profile's "values" and records every
// problem with its path (as segments) and a message. fromJSON reports the
// first problem through llvm::json::Path, whose messages must be string
// literals; readValueStatistics reports them all, with details, through
// JSONDiagnostics.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/ValueStatistics.h"
#include "ap/Support/JSONReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cmath>
#include <deque>

using namespace mlir::ap;
using llvm::StringLiteral;
using llvm::StringRef;
namespace json = llvm::json;

json::Value mlir::ap::toJSON(const ValueStatistics &statistics) {
  // Statistics of pass 1 only are written with the one-bin histogram they
  // imply, so that every written element has the schema's histogram.
  Histogram histogram = statistics.getHistogram();
  if (!histogram.hasBins())
    histogram = Histogram(statistics.getMin(), statistics.getMax(),
                          std::vector<uint64_t>{statistics.getCount()});
  json::Array counts;
  counts.reserve(histogram.getNumBins());
  for (uint64_t count : histogram.getCounts())
    counts.push_back(count);
  ValueStatistics withHistogram(statistics.getId().str(),
                                statistics.getMoments(), histogram);
  json::Object percentiles;
  for (auto [percent, key] :
       llvm::zip_equal(kProfilePercentiles, kProfilePercentileKeys))
    percentiles[key] = withHistogram.getPercentile(percent);
  return json::Object{
      {"id", statistics.getId()},
      {"count", statistics.getCount()},
      {"min", statistics.getMin()},
      {"max", statistics.getMax()},
      {"mean", statistics.getMean()},
      {"variance", statistics.getVariance()},
      {"histogram", json::Object{{"min", histogram.getMin()},
                                 {"max", histogram.getMax()},
                                 {"counts", std::move(counts)}}},
      {"percentiles", std::move(percentiles)},
      {"entropy", histogram.getEntropy()},
  };
}

namespace {

/// One step of a JSON path: an object member or an array element.
struct Segment {
  StringRef field;
  unsigned index = 0;
  bool isIndex = false;
};

/// A number read, or none when it was missing or invalid (like
/// std::optional<double>, but always initialized, which keeps GCC's
/// -Wmaybe-uninitialized quiet).
struct Number {
  double value = 0;
  bool valid = false;

  explicit operator bool() const { return valid; }
  double operator*() const { return value; }
  void reset() { valid = false; }
};

/// A problem found, at a path relative to the element read.
struct Problem {
  llvm::SmallVector<Segment, 4> where;
  StringLiteral message;
  std::string detail;
};

/// Checks one element of "values" and builds its statistics.
class StatisticsReader {
public:
  std::optional<ValueStatistics> read(const json::Value &value);

  llvm::SmallVector<Problem> problems;

private:
  /// Makes the path of a member or element current for its lifetime.
  class Scope {
  public:
    Scope(StatisticsReader &reader, Segment segment) : reader(reader) {
      reader.where.push_back(segment);
    }
    ~Scope() { reader.where.pop_back(); }

  private:
    StatisticsReader &reader;
  };
  Scope member(StringRef key) { return Scope(*this, Segment{key}); }
  Scope element(unsigned index) {
    return Scope(*this, Segment{StringRef(), index, true});
  }

  void report(StringLiteral message, std::string detail = {}) {
    problems.push_back({where, message, std::move(detail)});
  }
  void reportAt(StringRef key, StringLiteral message, std::string detail = {}) {
    Scope scope = member(key);
    report(message, std::move(detail));
  }

  void checkKeys(const json::Object &object,
                 llvm::ArrayRef<StringLiteral> known);
  const json::Value *getRequired(const json::Object &object, StringRef key);
  Number getNumber(const json::Object &object, StringRef key,
                   bool nonNegative = false);
  std::optional<uint64_t> getCount(const json::Value &value);
  std::optional<Histogram> readHistogram(const json::Value &value,
                                         std::optional<uint64_t> count,
                                         Number min, Number max);
  void checkPercentiles(const json::Value &value);

  llvm::SmallVector<Segment, 4> where;
};

} // namespace

void StatisticsReader::checkKeys(const json::Object &object,
                                 llvm::ArrayRef<StringLiteral> known) {
  std::string list;
  for (StringLiteral key : known)
    list += (list.empty() ? "expected one of '" : ", '") + key.str() + "'";
  llvm::SmallVector<StringRef> unknown;
  for (const auto &entry : object)
    if (!llvm::is_contained(known, StringRef(entry.first)))
      unknown.push_back(entry.first);
  llvm::sort(unknown);
  for (StringRef key : unknown)
    reportAt(key, "unknown key", list);
}

const json::Value *StatisticsReader::getRequired(const json::Object &object,
                                                 StringRef key) {
  const json::Value *value = object.get(key);
  if (!value)
    reportAt(key, "missing key");
  return value;
}

Number StatisticsReader::getNumber(const json::Object &object, StringRef key,
                                   bool nonNegative) {
  const json::Value *value = getRequired(object, key);
  if (!value)
    return Number();
  std::optional<double> number = value->getAsNumber();
  if (!number || !std::isfinite(*number) || (nonNegative && *number < 0)) {
    reportAt(key, nonNegative ? StringLiteral("expected a non-negative number")
                              : StringLiteral("expected a finite number"));
    return Number();
  }
  return Number{*number, true};
}

std::optional<uint64_t> StatisticsReader::getCount(const json::Value &value) {
  if (std::optional<uint64_t> count = value.getAsUINT64())
    return count;
  // Integral numbers written with a fraction or an exponent (1e3).
  if (std::optional<int64_t> integer = value.getAsInteger())
    if (*integer >= 0)
      return static_cast<uint64_t>(*integer);
  report("expected a non-negative integer");
  return std::nullopt;
}

std::optional<Histogram>
StatisticsReader::readHistogram(const json::Value &value,
                                std::optional<uint64_t> count, Number min,
                                Number max) {
  const json::Object *object = value.getAsObject();
  if (!object) {
    report("expected an object with 'min', 'max' and 'counts'");
    return std::nullopt;
  }
  checkKeys(*object, {"min", "max", "counts"});
  Number low = getNumber(*object, "min");
  Number high = getNumber(*object, "max");
  if (low && high && *high < *low) {
    reportAt("max", "expected a number at least the histogram's 'min'");
    high.reset();
  }
  if (low && min && *low > *min) {
    reportAt("min", "expected a number at most the value's 'min'",
             "the histogram must cover the values");
    low.reset();
  }
  if (high && max && *high < *max) {
    reportAt("max", "expected a number at least the value's 'max'",
             "the histogram must cover the values");
    high.reset();
  }

  std::vector<uint64_t> counts;
  bool countsValid = true;
  if (const json::Value *member = getRequired(*object, "counts")) {
    Scope scope = this->member("counts");
    const json::Array *array = member->getAsArray();
    if (!array || array->empty()) {
      report("expected a non-empty array of non-negative integers");
      countsValid = false;
    } else {
      counts.reserve(array->size());
      uint64_t sum = 0;
      bool overflow = false;
      for (auto [index, element] : llvm::enumerate(*array)) {
        Scope elementScope = this->element(index);
        std::optional<uint64_t> binCount = getCount(element);
        if (!binCount) {
          countsValid = false;
          continue;
        }
        overflow |= sum + *binCount < sum;
        sum += *binCount;
        counts.push_back(*binCount);
      }
      if (countsValid && count && (overflow || sum != *count)) {
        report("expected counts that sum to 'count'",
               overflow ? std::string("their sum overflows")
                        : "they sum to " + std::to_string(sum) +
                              ", 'count' is " + std::to_string(*count));
        countsValid = false;
      }
    }
  } else {
    countsValid = false;
  }
  if (!low || !high || !countsValid)
    return std::nullopt;
  return Histogram(*low, *high, std::move(counts));
}

void StatisticsReader::checkPercentiles(const json::Value &value) {
  const json::Object *object = value.getAsObject();
  if (!object) {
    report("expected an object");
    return;
  }
  llvm::SmallVector<StringRef> keys;
  for (const auto &entry : *object)
    keys.push_back(entry.first);
  llvm::sort(keys);
  for (StringRef key : keys) {
    Scope scope = member(key);
    double percent = 0;
    if (key.getAsDouble(percent) || !(percent >= 0 && percent <= 100))
      report("expected a percentile in [0, 100] as the key");
    std::optional<double> number = object->get(key)->getAsNumber();
    if (!number || !std::isfinite(*number))
      report("expected a finite number");
  }
}

std::optional<ValueStatistics>
StatisticsReader::read(const json::Value &value) {
  const json::Object *object = value.getAsObject();
  if (!object) {
    report("expected an object with 'id', 'count', 'min', 'max', 'mean', "
           "'variance' and 'histogram'");
    return std::nullopt;
  }
  checkKeys(*object, {"id", "count", "min", "max", "mean", "variance",
                      "histogram", "percentiles", "entropy"});

  std::optional<StringRef> id;
  if (const json::Value *member = getRequired(*object, "id")) {
    id = member->getAsString();
    if (!id || id->empty()) {
      reportAt("id", "expected a non-empty string");
      id.reset();
    }
  }
  std::optional<uint64_t> count;
  if (const json::Value *member = getRequired(*object, "count")) {
    Scope scope = this->member("count");
    count = getCount(*member);
  }
  Number min = getNumber(*object, "min");
  Number max = getNumber(*object, "max");
  Number mean = getNumber(*object, "mean");
  Number variance = getNumber(*object, "variance", /*nonNegative=*/true);
  if (min && max && *max < *min) {
    reportAt("max", "expected a number at least 'min'");
    max.reset();
  }
  if (min && max && mean && !(*min <= *mean && *mean <= *max)) {
    reportAt("mean", "expected a number between 'min' and 'max'");
    mean.reset();
  }

  std::optional<Histogram> histogram;
  if (const json::Value *member = getRequired(*object, "histogram")) {
    Scope scope = this->member("histogram");
    histogram = readHistogram(*member, count, min, max);
  }
  if (const json::Value *member = object->get("percentiles")) {
    Scope scope = this->member("percentiles");
    checkPercentiles(*member);
  }
  if (const json::Value *member = object->get("entropy")) {
    std::optional<double> entropy = member->getAsNumber();
    if (!entropy || !std::isfinite(*entropy) || *entropy < 0)
      reportAt("entropy", "expected a non-negative number");
  }

  if (!problems.empty() || !id || !count || !min || !max || !mean ||
      !variance || !histogram)
    return std::nullopt;
  return ValueStatistics(id->str(),
                         Moments::get(*count, *min, *max, *mean, *variance),
                         std::move(*histogram));
}

bool mlir::ap::fromJSON(const json::Value &value, ValueStatistics &statistics,
                        json::Path path) {
  StatisticsReader reader;
  std::optional<ValueStatistics> result = reader.read(value);
  if (result) {
    statistics = std::move(*result);
    return true;
  }
  // Replays the first problem's path below `path`: each json::Path points to
  // its parent, so they live in a deque, which never moves its elements.
  const Problem &problem = reader.problems.front();
  std::deque<json::Path> chain{path};
  for (const Segment &segment : problem.where)
    chain.push_back(segment.isIndex ? chain.back().index(segment.index)
                                    : chain.back().field(segment.field));
  chain.back().report(problem.message);
  return false;
}

std::optional<ValueStatistics>
mlir::ap::readValueStatistics(const json::Value &value, StringRef path,
                              JSONDiagnostics &diagnostics) {
  StatisticsReader reader;
  std::optional<ValueStatistics> result = reader.read(value);
  for (const Problem &problem : reader.problems) {
    std::string where = path.str();
    for (const Segment &segment : problem.where)
      where += segment.isIndex ? "[" + std::to_string(segment.index) + "]"
                               : "." + segment.field.str();
    diagnostics.error(where, problem.detail.empty()
                                 ? problem.message.str()
                                 : problem.message.str() + " (" +
                                       problem.detail + ")");
  }
  return result;
}
