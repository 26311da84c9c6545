// ap's quantized tensors are upstream !quant.uniform types: upstream quant
// passes work on IR that holds ap ops, and ap folds what they produce.
// RUN: ap-opt %s --strip-func-quant-types --split-input-file | FileCheck %s --check-prefix=STRIP
// RUN: ap-opt %s --lower-quant-ops --canonicalize --split-input-file | FileCheck %s --check-prefix=LOWER

// strip-func-quant-types rewrites the signature to the storage type and
// casts back with quant.scast for the ap op.
// STRIP-LABEL: func @strip
// STRIP-SAME: (%[[ARG:.*]]: tensor<4xi8>) -> tensor<4xf32>
// STRIP: %[[Q:.*]] = quant.scast %[[ARG]] : tensor<4xi8> to tensor<4x!quant.uniform<i8:f32, 5.000000e-01:-3>>
// STRIP: ap.dequantize %[[Q]]
func.func @strip(%q: tensor<4x!quant.uniform<i8:f32, 0.5:-3>>) -> tensor<4xf32> {
  %d = ap.dequantize %q : tensor<4x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

// An upstream quant.qcast feeding ap.dequantize; after lowering, the values
// flow through quant.scast into ap.dequantize unchanged.
// LOWER-LABEL: func @mixed
// LOWER: arith.divf
// LOWER: %[[S:.*]] = quant.scast %{{.*}} : tensor<4xi8> to tensor<4x!quant.uniform<i8:f32, 2.500000e-01>>
// LOWER: ap.dequantize %[[S]]
func.func @mixed(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = quant.qcast %x : tensor<4xf32> to tensor<4x!quant.uniform<i8:f32, 0.25>>
  %d = ap.dequantize %q : tensor<4x!quant.uniform<i8:f32, 0.25>> -> tensor<4xf32>
  return %d : tensor<4xf32>
}
