//===- ResourceMonitor.h - Resource use over a window of time ---*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The resource monitor of the precision manager: power, device occupancy and
// link utilization over a sliding window of simulated time, and the bytes in
// use in every memory tier now, measured from the activities the simulator
// recorded (docs/adaptive-runtime.md, "The resource monitor").
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_RESOURCEMONITOR_H
#define AP_RUNTIME_RESOURCEMONITOR_H

#include <cstdint>
#include <vector>

namespace mlir::ap {
class TargetModel;
} // namespace mlir::ap

namespace ap::rt {

struct DeviceState;
struct LinkState;

/// The resource use of the whole target over [now - window, now].
struct ResourceSnapshot {
  double now = 0, window = 0;
  /// Per device: watts (its idle power, plus the dynamic joules of its
  /// activities within the window, pro rata of their overlap, over the
  /// window) and the fraction of the window it was busy.
  std::vector<double> devicePower, deviceOccupancy;
  /// Per device, per memory tier: bytes in use at `now`, and their fraction
  /// of the tier's capacity.
  std::vector<std::vector<int64_t>> tierBytes;
  std::vector<std::vector<double>> tierOccupancy;
  /// Per link: the fraction of the window it was busy, and watts (its
  /// dynamic joules within the window over the window).
  std::vector<double> linkUtilization, linkPower;

  /// Watts of every device and link.
  double getTotalPower() const;
  /// The largest tier occupancy of `device`.
  double getMemoryOccupancy(unsigned device) const;
  /// The largest link utilization (0 without links).
  double getMaxLinkUtilization() const;
};

/// Measures the resources of `target`, whose devices and links have done
/// `devices` and `links`, over the window of `window` seconds ending at
/// `now` (a window reaching before time 0 is shortened to [0, now]; at
/// now == 0 the rates are those of an idle target). Costs about the number
/// of activities within the window and of the open occupants of each tier.
ResourceSnapshot measureResources(const mlir::ap::TargetModel &target,
                                  const std::vector<DeviceState> &devices,
                                  const std::vector<LinkState> &links,
                                  double now, double window);

} // namespace ap::rt

#endif // AP_RUNTIME_RESOURCEMONITOR_H
