//===- TransferPlan.cpp - The steps of a move between devices -------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Analysis/TransferPlan.h"

using namespace mlir;
using namespace mlir::ap;

FailureOr<TransferPlan>
mlir::ap::planTransfer(const CostModel &model, int64_t elements,
                       int64_t opaqueBytes, std::optional<Precision> source,
                       std::optional<Precision> wire,
                       std::optional<Precision> destination, Endpoint from,
                       Endpoint to, std::optional<unsigned> link,
                       function_ref<InFlightDiagnostic()> emitError) {
  // An opaque wire moves the bytes as they are, priced as 8-bit elements.
  int64_t pricedElements = wire ? elements : opaqueBytes;
  unsigned bits = wire ? getBitWidth(*wire) : 8;
  TransferPlan plan;
  SmallVector<unsigned> route;
  FailureOr<Cost> cost = model.getTransferCost(pricedElements, bits, from, to,
                                               link, wire, emitError, &route);
  if (failed(cost))
    return failure();
  plan.cost = *cost;
  plan.wireBytes = cost->bytesRead;

  // The conversions the devices at the ends make when the links do not.
  const TargetModel &target = model.getTarget();
  Cost before, after;
  if (!route.empty() && wire) {
    if (source && !target.getLink(route.front()).converts &&
        (failed(model.addConversion(plan.cost, elements, from.device, *source,
                                    *wire, emitError)) ||
         failed(model.addConversion(before, elements, from.device, *source,
                                    *wire, emitError))))
      return failure();
    if (destination && !target.getLink(route.back()).converts &&
        (failed(model.addConversion(plan.cost, elements, to.device, *wire,
                                    *destination, emitError)) ||
         failed(model.addConversion(after, elements, to.device, *wire,
                                    *destination, emitError))))
      return failure();
  }

  if (before.ops > 0)
    plan.steps.push_back({TransferStep::Kind::Conversion, from.device,
                          before.time, before.dynamicEnergy});
  if (route.empty() && cost->time > 0)
    plan.steps.push_back({TransferStep::Kind::Copy, from.device, cost->time,
                          cost->dynamicEnergy});
  for (unsigned index : route) {
    const LinkModel &hop = target.getLink(index);
    plan.steps.push_back({TransferStep::Kind::Link, index,
                          hop.latency + plan.wireBytes / hop.bandwidth,
                          plan.wireBytes * hop.energyPerByte});
  }
  if (after.ops > 0)
    plan.steps.push_back({TransferStep::Kind::Conversion, to.device, after.time,
                          after.dynamicEnergy});
  return plan;
}
