//===- APSimToLLVM.h - apsim ops to calls of the runtime --------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The lowering of the apsim dialect (in memref form, after bufferization) to
// calls of the C ABI of libap_runtime (runtime/include/ap_runtime.h), as
// patterns for a conversion to LLVM and as the dialect's
// ConvertToLLVMPatternInterface, so that `convert-to-llvm` lowers apsim ops
// together with everything else.
//
//===----------------------------------------------------------------------===//

#ifndef AP_CONVERSION_APSIMTOLLVM_APSIMTOLLVM_H
#define AP_CONVERSION_APSIMTOLLVM_APSIMTOLLVM_H

namespace mlir {
class DialectRegistry;
class LLVMTypeConverter;
class RewritePatternSet;

namespace ap {

/// Adds the patterns lowering every apsim op to calls of the runtime's C ABI.
/// Device, memory tier and link indices are resolved from the `#ap.target`
/// enclosing each op; an op without one, or naming what the target lacks,
/// is reported as an error on the op and left unconverted.
void populateAPSimToLLVMConversionPatterns(
    const LLVMTypeConverter &typeConverter, RewritePatternSet &patterns);

/// Attaches the ConvertToLLVMPatternInterface of the apsim dialect, which
/// provides the patterns above to `convert-to-llvm`.
void registerConvertAPSimToLLVMInterface(DialectRegistry &registry);

} // namespace ap
} // namespace mlir

#endif // AP_CONVERSION_APSIMTOLLVM_APSIMTOLLVM_H
