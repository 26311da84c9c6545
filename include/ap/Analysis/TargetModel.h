//===- TargetModel.h - The hardware as the cost model sees it ---*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// A complete, validated description of the target with every figure the cost
// model needs, in plain numbers (SI units). It is built once from an
// `#ap.target` attribute, which may leave figures out; building it checks that
// none is missing and that every device can exchange data with the host.
//
//===----------------------------------------------------------------------===//

#ifndef AP_ANALYSIS_TARGETMODEL_H
#define AP_ANALYSIS_TARGETMODEL_H

#include "ap/Dialect/AP/IR/APAttrs.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace mlir::ap {

/// The number of precisions (the size of tables indexed by precision).
inline constexpr unsigned kNumPrecisions = getMaxEnumValForPrecision() + 1;

/// One level of a device's memory hierarchy.
struct MemoryModel {
  std::string name;
  /// Bytes.
  uint64_t capacity = 0;
  /// Bytes per second.
  double bandwidth = 0;
  /// Joules per byte read or written.
  double energyPerByte = 0;
};

/// A device: its arithmetic units and memories.
struct DeviceModel {
  std::string name;
  DeviceKind kind = DeviceKind::Accelerator;
  /// Hz.
  double clock = 0;
  /// Processing elements.
  uint64_t units = 0;
  /// Seconds to start a kernel.
  double launchOverhead = 0;
  /// Seconds to reconfigure the arithmetic units to another precision.
  double switchLatency = 0;
  /// Watts drawn when on and idle.
  double idlePower = 0;
  /// The supported precisions, in the order of the description.
  SmallVector<Precision> precisions;
  /// Operations per cycle and unit, per precision; unset when unsupported.
  std::array<std::optional<double>, kNumPrecisions> opsPerCycle;
  /// Joules per operation, per precision; unset when unsupported.
  std::array<std::optional<double>, kNumPrecisions> energyPerOp;
  /// Memory tiers, fastest first.
  SmallVector<MemoryModel> memories;

  /// Whether the arithmetic units compute at `precision`.
  bool supports(Precision precision) const {
    return opsPerCycle[static_cast<unsigned>(precision)].has_value();
  }
  /// Operations per second of the whole device at a supported `precision`.
  double getPeakOpsPerSecond(Precision precision) const {
    return clock * static_cast<double>(units) *
           *opsPerCycle[static_cast<unsigned>(precision)];
  }
  /// Joules per operation at a supported `precision`.
  double getEnergyPerOp(Precision precision) const {
    return *energyPerOp[static_cast<unsigned>(precision)];
  }
  /// The index of the memory tier named `name`.
  std::optional<unsigned> lookupMemory(StringRef name) const;
};

/// A device, or one memory tier of a device.
struct Endpoint {
  unsigned device = 0;
  /// Index into the device's memories; unset for the device as a whole.
  std::optional<unsigned> memory;

  bool operator==(const Endpoint &other) const {
    return device == other.device && memory == other.memory;
  }
};

/// An interconnect.
struct LinkModel {
  std::string name;
  Endpoint source, destination;
  bool bidirectional = false;
  /// Seconds before the first byte arrives.
  double latency = 0;
  /// Bytes per second.
  double bandwidth = 0;
  /// Joules per byte moved.
  double energyPerByte = 0;
  /// The precisions the link transmits; empty means any.
  SmallVector<Precision> wire;
  /// Whether the link converts between wire and storage precision itself.
  bool converts = false;

  /// Whether data may cross the link from device `from` to device `to`.
  bool connects(unsigned from, unsigned to) const;
  /// Whether the link transmits values at `precision`.
  bool supportsWire(Precision precision) const {
    return wire.empty() || llvm::is_contained(wire, precision);
  }
};

/// The target, complete and checked.
class TargetModel {
public:
  /// Builds the model of `target`, reporting through `emitError` a figure
  /// the cost model needs and the attribute leaves out, a device without
  /// memory, and a device that cannot exchange data with the host.
  static FailureOr<TargetModel>
  fromAttr(TargetAttr target, function_ref<InFlightDiagnostic()> emitError);
  /// Builds the model of the `ap.target` of `module`, reporting at the
  /// module's location (without a dump of the module) that `user`, a pass
  /// name, needs one when there is none.
  static FailureOr<TargetModel> forModule(ModuleOp module, StringRef user);

  ArrayRef<DeviceModel> getDevices() const { return devices; }
  const DeviceModel &getDevice(unsigned index) const { return devices[index]; }
  ArrayRef<LinkModel> getLinks() const { return links; }
  const LinkModel &getLink(unsigned index) const { return links[index]; }
  unsigned getHost() const { return host; }
  unsigned getDefaultDevice() const { return defaultDevice; }

  /// The index of the device named `name`.
  std::optional<unsigned> lookupDevice(StringRef name) const;
  /// The index of the link named `name`.
  std::optional<unsigned> lookupLink(StringRef name) const;
  /// The endpoint named by `ref` (`@device` or `@device::@tier`).
  std::optional<Endpoint> lookupEndpoint(SymbolRefAttr ref) const;

  /// The links of the fastest route that carries `bytes` bytes from device
  /// `from` to device `to`, hop by hop (store and forward: each hop costs
  /// its latency plus the bytes over its bandwidth), considering only links
  /// that transmit `wire` when given. Empty when `from == to`; std::nullopt
  /// when no route exists.
  std::optional<SmallVector<unsigned>>
  findRoute(unsigned from, unsigned to, uint64_t bytes,
            std::optional<Precision> wire = std::nullopt) const;

private:
  std::vector<DeviceModel> devices;
  std::vector<LinkModel> links;
  unsigned host = 0;
  unsigned defaultDevice = 0;
};

} // namespace mlir::ap

#endif // AP_ANALYSIS_TARGETMODEL_H
