//===- Profile.h - Calibration profiles (format "ap-profile") ---*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// A profile is what a calibration run measured (`ap-run --calibrate`): the
// statistics of every observed value and the measured (simulated) time of
// every op, as JSON:
//
//   {"format": "ap-profile", "version": 2,
//    "batches": 3, "granularity": "op",
//    "timings": [{"op": "main#3", "device": "npu", "precision": "i8",
//                 "time": 1.5e-05, "count": 3}],
//    "values": [ ... one ValueStatistics each (ValueStatistics.h) ... ]}
//
// Version 1 profiles (timings only, docs/cost-model.md) are read too. The
// reader checks the schema only: whether the devices and precisions of the
// timings exist is a question for the target, which the cost model asks
// when it reads the timings (MeasuredTimes.h).
//
//===----------------------------------------------------------------------===//

#ifndef AP_CALIBRATION_PROFILE_H
#define AP_CALIBRATION_PROFILE_H

#include "ap/Calibration/ValueStatistics.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::ap {

/// The measured time of one op on one device at one input precision.
struct ProfileTiming {
  /// The op's cost key (assignCostKeys: `ap.cost_key`, else `<func>#<n>`).
  std::string op;
  /// The device's name in the target.
  std::string device;
  /// The precision of the op's inputs (`f32`, `f16`, `bf16`, `f8E4M3FN`,
  /// `f8E5M2`, `i8`, `u8`, `i4`, ...), as target descriptions spell them.
  std::string precision;
  /// Seconds per execution (the mean over the calibration run); positive.
  double time = 0;
  /// How many executions the mean is over (version 2; 1 when absent).
  int64_t count = 1;

  bool operator==(const ProfileTiming &other) const;
};

/// A whole profile.
struct Profile {
  /// The format name and the version this build writes; versions 1 and 2
  /// are read.
  static constexpr llvm::StringLiteral kFormatName = "ap-profile";
  static constexpr int64_t kVersion = 2;

  /// The number of batches the statistics are over (0 when unknown).
  int64_t batches = 0;
  /// How the values were chosen ("op", "layer"; empty when unknown, e.g.
  /// observations written by hand).
  std::string granularity;
  std::vector<ProfileTiming> timings;
  /// The observed values, in the order first observed; ids are unique.
  std::vector<ValueStatistics> values;

  /// The statistics of the value `id`, or null.
  const ValueStatistics *lookupValue(llvm::StringRef id) const;

  bool operator==(const Profile &other) const;
};

/// The profile as JSON (version 2), every number with 17 significant digits
/// so that it reads back exactly. "granularity" is written when known.
llvm::json::Value toJSON(const Profile &profile);

/// Parses a profile (version 1 or 2) from `text`, read from `fileName`; the
/// error lists every problem, one per line, as
/// `<file>: <json path>: <message>`. Checked: the format name and version;
/// every key known for the version (version 1: "format", "version",
/// "timings"; version 2 also "batches" and "granularity", optional, and
/// "values"); timings with non-empty "op", "device" and "precision", a
/// positive "time" and (version 2, optional) a positive integer "count", no
/// two for the same op, device and precision; values as
/// readValueStatistics checks them, with unique ids; "batches" a
/// non-negative integer; "granularity" "op" or "layer".
llvm::Expected<Profile> parseProfile(llvm::StringRef text,
                                     llvm::StringRef fileName);

/// Reads the profile in the file at `path` ("cannot read profile '<path>':
/// ..." when it cannot be read).
llvm::Expected<Profile> readProfile(llvm::StringRef path);

/// Writes `profile` to `path` whole or not at all (a temporary file renamed
/// into place); "cannot write profile '<path>': ..." on failure.
llvm::Error writeProfile(const Profile &profile, llvm::StringRef path);

} // namespace mlir::ap

#endif // AP_CALIBRATION_PROFILE_H
