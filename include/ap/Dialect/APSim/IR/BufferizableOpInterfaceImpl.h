//===- BufferizableOpInterfaceImpl.h - Bufferization of apsim ---*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_APSIM_IR_BUFFERIZABLEOPINTERFACEIMPL_H
#define AP_DIALECT_APSIM_IR_BUFFERIZABLEOPINTERFACEIMPL_H

namespace mlir {
class DialectRegistry;

namespace apsim {
/// Attaches the BufferizableOpInterface to `apsim.dma` (destination-passing
/// style: reads the input, overwrites the init in place), `apsim.probe` and
/// `apsim.observe` (read their operands), so that one-shot bufferization
/// turns their tensor forms into their memref forms.
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);
} // namespace apsim
} // namespace mlir

#endif // AP_DIALECT_APSIM_IR_BUFFERIZABLEOPINTERFACEIMPL_H
