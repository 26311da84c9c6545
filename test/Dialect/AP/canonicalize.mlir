// RUN: ap-opt %s -canonicalize -split-input-file | FileCheck %s

// Folding and canonicalization of the ap ops. Expected constants are worked
// out from the format definitions in the comments.

// CHECK-LABEL: func @convert_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>
// CHECK-NEXT: return %[[X]]
func.func @convert_same_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = ap.convert %x rounding toward_zero : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Saturating clamps infinities to the largest finite value: not an identity
// for a format with infinities...
// CHECK-LABEL: func @convert_same_type_saturating
// CHECK: ap.convert %{{.*}} saturate : tensor<4xf32> -> tensor<4xf32>
func.func @convert_same_type_saturating(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = ap.convert %x saturate : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// ...but it is for f8E4M3FN, which has none.
// CHECK-LABEL: func @convert_same_type_no_inf
// CHECK-SAME: (%[[X:.*]]: tensor<4xf8E4M3FN>
// CHECK-NEXT: return %[[X]]
func.func @convert_same_type_no_inf(%x: tensor<4xf8E4M3FN>) -> tensor<4xf8E4M3FN> {
  %0 = ap.convert %x saturate : tensor<4xf8E4M3FN> -> tensor<4xf8E4M3FN>
  return %0 : tensor<4xf8E4M3FN>
}

// -----

// f16: 65520 is halfway between 65504 (significand 0x3FF, odd) and 65536
// (out of range), so ties-to-even overflows to +inf (0x7C00); saturation
// gives 65504. 1.0e-8 is below half the smallest subnormal (2^-24 / 2 =
// 2.98e-8) and rounds to +0. -0.0 keeps its sign.
// CHECK-LABEL: func @convert_constant_f16
// CHECK-DAG: arith.constant dense<[1.000000e+00, 0x7C00, 0.000000e+00, -0.000000e+00]> : tensor<4xf16>
// CHECK-DAG: arith.constant dense<[1.000000e+00, 6.550400e+04, 0.000000e+00, -0.000000e+00]> : tensor<4xf16>
// CHECK-NOT: ap.convert
func.func @convert_constant_f16() -> (tensor<4xf16>, tensor<4xf16>) {
  %c = arith.constant dense<[1.0, 65520.0, 1.0e-8, -0.0]> : tensor<4xf32>
  %0 = ap.convert %c : tensor<4xf32> -> tensor<4xf16>
  %1 = ap.convert %c saturate : tensor<4xf32> -> tensor<4xf16>
  return %0, %1 : tensor<4xf16>, tensor<4xf16>
}

// -----

// f8E4M3FN: 464 is halfway between 448 (1.110b * 2^8, even) and 480 (the
// NaN encoding S.1111.111), so it rounds to 448; 480 overflows to NaN (0x7F)
// without saturation and to 448 with it; toward zero, 479 gives 448.
// CHECK-LABEL: func @convert_constant_f8e4m3fn
// CHECK-DAG: arith.constant dense<[4.480000e+02, 4.480000e+02, 0x7F, 5.000000e-01]> : tensor<4xf8E4M3FN>
// CHECK-DAG: arith.constant dense<[4.480000e+02, 4.480000e+02, 4.480000e+02, 5.000000e-01]> : tensor<4xf8E4M3FN>
// CHECK-DAG: arith.constant dense<4.480000e+02> : tensor<2xf8E4M3FN>
func.func @convert_constant_f8e4m3fn() -> (tensor<4xf8E4M3FN>, tensor<4xf8E4M3FN>, tensor<2xf8E4M3FN>) {
  %c = arith.constant dense<[448.0, 464.0, 480.0, 0.5]> : tensor<4xf32>
  %0 = ap.convert %c : tensor<4xf32> -> tensor<4xf8E4M3FN>
  %1 = ap.convert %c saturate : tensor<4xf32> -> tensor<4xf8E4M3FN>
  %s = arith.constant dense<479.0> : tensor<2xf32>
  %2 = ap.convert %s rounding toward_zero : tensor<2xf32> -> tensor<2xf8E4M3FN>
  return %0, %1, %2 : tensor<4xf8E4M3FN>, tensor<4xf8E4M3FN>, tensor<2xf8E4M3FN>
}

// -----

// bf16 keeps 8 significant bits: 1 + 2^-8 is halfway between 1 and
// 1 + 2^-7 and rounds to 1 (even); 1 + 3 * 2^-8 is halfway between 1 + 2^-7
// (odd) and 1 + 2^-6 and rounds up to 1 + 2^-6 = 1.015625.
// CHECK-LABEL: func @convert_constant_bf16
// CHECK: arith.constant dense<[1.000000e+00, 1.015630e+00]> : tensor<2xbf16>
func.func @convert_constant_bf16() -> tensor<2xbf16> {
  %c = arith.constant dense<[1.00390625, 1.01171875]> : tensor<2xf32>
  %0 = ap.convert %c : tensor<2xf32> -> tensor<2xbf16>
  return %0 : tensor<2xbf16>
}

// -----

// Stochastic rounding of exactly representable values changes nothing.
// CHECK-LABEL: func @convert_constant_stochastic_exact
// CHECK: arith.constant dense<[1.000000e+00, -2.500000e+00, 0.000000e+00]> : tensor<3xbf16>
func.func @convert_constant_stochastic_exact() -> tensor<3xbf16> {
  %c = arith.constant dense<[1.0, -2.5, 0.0]> : tensor<3xf32>
  %0 = ap.convert %c rounding stochastic seed 7 : tensor<3xf32> -> tensor<3xbf16>
  return %0 : tensor<3xbf16>
}

// -----

// The first conversion is exact (f16 values are f32 values): one step.
// CHECK-LABEL: func @compose_exact
// CHECK-SAME: (%[[X:.*]]: tensor<4xf16>
// CHECK-NEXT: %[[R:.*]] = ap.convert %[[X]] rounding toward_zero : tensor<4xf16> -> tensor<4xbf16>
// CHECK-NEXT: return %[[R]]
func.func @compose_exact(%x: tensor<4xf16>) -> tensor<4xbf16> {
  %0 = ap.convert %x : tensor<4xf16> -> tensor<4xf32>
  %1 = ap.convert %0 rounding toward_zero : tensor<4xf32> -> tensor<4xbf16>
  return %1 : tensor<4xbf16>
}

// -----

// f32 -> f16 rounds: the round trip is kept.
// CHECK-LABEL: func @compose_lossy
// CHECK: ap.convert %{{.*}} : tensor<4xf32> -> tensor<4xf16>
// CHECK: ap.convert %{{.*}} : tensor<4xf16> -> tensor<4xf32>
func.func @compose_lossy(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = ap.convert %x : tensor<4xf32> -> tensor<4xf16>
  %1 = ap.convert %0 : tensor<4xf16> -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// A saturating first step clamps infinities: not composed.
// CHECK-LABEL: func @compose_saturating
// CHECK: ap.convert %{{.*}} saturate : tensor<4xf16> -> tensor<4xf32>
// CHECK: ap.convert %{{.*}} : tensor<4xf32> -> tensor<4xbf16>
func.func @compose_saturating(%x: tensor<4xf16>) -> tensor<4xbf16> {
  %0 = ap.convert %x saturate : tensor<4xf16> -> tensor<4xf32>
  %1 = ap.convert %0 : tensor<4xf32> -> tensor<4xbf16>
  return %1 : tensor<4xbf16>
}

// -----

// A widening conversion never rounds: its rounding mode is dropped.
// CHECK-LABEL: func @exact_rounding_dropped
// CHECK: ap.convert %{{.*}} : tensor<4xbf16> -> tensor<4xf32>
func.func @exact_rounding_dropped(%x: tensor<4xbf16>) -> tensor<4xf32> {
  %0 = ap.convert %x rounding stochastic seed 3 : tensor<4xbf16> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// scale 0.5, zero point -3: x / 0.5 = [0.5, 1.5, -2.5, 200, -200, 2] rounds
// half to even to [0, 2, -2, 200, -200, 2], plus -3 gives
// [-3, -1, -5, 197, -203, -1], saturated to [-128, 127].
// CHECK-LABEL: func @quantize_constant
// CHECK: %[[C:.*]] = arith.constant dense<[-3, -1, -5, 127, -128, -1]> : tensor<6xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<6xi8> to tensor<6x!quant.uniform<i8:f32, 5.000000e-01:-3>>
// CHECK: return %[[Q]]
func.func @quantize_constant() -> tensor<6x!quant.uniform<i8:f32, 0.5:-3>> {
  %c = arith.constant dense<[0.25, 0.75, -1.25, 100.0, -100.0, 1.0]> : tensor<6xf32>
  %q = ap.quantize %c : tensor<6xf32> -> tensor<6x!quant.uniform<i8:f32, 0.5:-3>>
  return %q : tensor<6x!quant.uniform<i8:f32, 0.5:-3>>
}

// -----

// Per axis 0: row 0 uses scale 0.5 ([1, 2] -> [2, 4]), row 1 scale 2.0
// ([1, 2] -> [0.5, 1] -> [0, 1], 0.5 rounding to the even 0).
// CHECK-LABEL: func @quantize_constant_per_axis
// CHECK: arith.constant dense<{{\[}}[2, 4], [0, 1]]> : tensor<2x2xi8>
// CHECK: quant.scast
func.func @quantize_constant_per_axis() -> tensor<2x2x!quant.uniform<i8:f32:0, {0.5, 2.0}>> {
  %c = arith.constant dense<[[1.0, 2.0], [1.0, 2.0]]> : tensor<2x2xf32>
  %q = ap.quantize %c : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32:0, {0.5, 2.0}>>
  return %q : tensor<2x2x!quant.uniform<i8:f32:0, {0.5, 2.0}>>
}

// -----

// u4, splat: 7.3 / 0.5 = 14.6 -> 15, + 1 = 16, saturated to 15. The storage
// is the signless i4 that quant.scast expects: bits 0b1111, printed as -1.
// CHECK-LABEL: func @quantize_splat_u4
// CHECK: arith.constant dense<-1> : tensor<3xi4>
func.func @quantize_splat_u4() -> tensor<3x!quant.uniform<u4:f32, 0.5:1>> {
  %c = arith.constant dense<7.3> : tensor<3xf32>
  %q = ap.quantize %c : tensor<3xf32> -> tensor<3x!quant.uniform<u4:f32, 0.5:1>>
  return %q : tensor<3x!quant.uniform<u4:f32, 0.5:1>>
}

// -----

// (q - (-3)) * 0.5 for q = [-3, -1, -5, 127, -128] is [0, 1, -1, 65, -62.5].
// CHECK-LABEL: func @dequantize_constant
// CHECK: arith.constant dense<[0.000000e+00, 1.000000e+00, -1.000000e+00, 6.500000e+01, -6.250000e+01]> : tensor<5xf32>
// CHECK-NOT: ap.dequantize
func.func @dequantize_constant() -> tensor<5xf32> {
  %c = arith.constant dense<[-3, -1, -5, 127, -128]> : tensor<5xi8>
  %q = quant.scast %c : tensor<5xi8> to tensor<5x!quant.uniform<i8:f32, 0.5:-3>>
  %d = ap.dequantize %q : tensor<5x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<5xf32>
  return %d : tensor<5xf32>
}

// -----

// Quantization loses information: dequantize(quantize(x)) stays.
// CHECK-LABEL: func @dequantize_quantize_kept
// CHECK: ap.quantize
// CHECK: ap.dequantize
func.func @dequantize_quantize_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = ap.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  %d = ap.dequantize %q : tensor<4x!quant.uniform<i8:f32, 0.5>> -> tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

// Every stored value round-trips through f32 with scale 0.05: folded.
// CHECK-LABEL: func @quantize_dequantize_folded
// CHECK-SAME: (%[[Q:.*]]: tensor<4x!quant.uniform<i8:f32, 5.000000e-02:3>>)
// CHECK-NEXT: return %[[Q]]
func.func @quantize_dequantize_folded(%q: tensor<4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<4x!quant.uniform<i8:f32, 0.05:3>> {
  %d = ap.dequantize %q : tensor<4x!quant.uniform<i8:f32, 0.05:3>> -> tensor<4xf32>
  %r = ap.quantize %d : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.05:3>>
  return %r : tensor<4x!quant.uniform<i8:f32, 0.05:3>>
}

// -----

// With a subnormal scale the products lose bits: not folded.
// CHECK-LABEL: func @quantize_dequantize_subnormal_scale
// CHECK: ap.dequantize
// CHECK: ap.quantize
func.func @quantize_dequantize_subnormal_scale(%q: tensor<4x!quant.uniform<i8:f32, 1.0e-40>>) -> tensor<4x!quant.uniform<i8:f32, 1.0e-40>> {
  %d = ap.dequantize %q : tensor<4x!quant.uniform<i8:f32, 1.0e-40>> -> tensor<4xf32>
  %r = ap.quantize %d : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 1.0e-40>>
  return %r : tensor<4x!quant.uniform<i8:f32, 1.0e-40>>
}

// -----

// Observations and probes report to the runtime: kept even when unused.
// CHECK-LABEL: func @monitors_kept
// CHECK: ap.observe
// CHECK: ap.probe
func.func @monitors_kept(%x: tensor<4xf32>) {
  %0 = ap.observe %x id "x" : tensor<4xf32>
  ap.probe variance %x id "v" : tensor<4xf32>
  return
}

// -----

// Pure precision changes without uses are removed.
// CHECK-LABEL: func @dead_removed
// CHECK-NEXT: return
func.func @dead_removed(%x: tensor<4xf32>) {
  %0 = ap.convert %x : tensor<4xf32> -> tensor<4xf16>
  %1 = ap.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  %2 = ap.transfer %x from @a to @b : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

// Weights of imported models live in dense_resource blobs; they fold too.
// The blob holds the f32 values 1, 2, 3, 4, 5 and 122880 (0x47F00000), which
// is beyond the f16 range (65504) and overflows to +inf; quantized with scale
// 0.5 they give 2, 4, 6, 8, 10 and the saturated 127.
// CHECK-LABEL: func @fold_resource_weights
// CHECK-DAG: arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 0x7C00]]> : tensor<2x3xf16>
// CHECK-DAG: arith.constant dense<{{\[}}[2, 4, 6], [8, 10, 127]]> : tensor<2x3xi8>
// CHECK-NOT: ap.convert
// CHECK-NOT: ap.quantize
func.func @fold_resource_weights() -> (tensor<2x3xf16>, tensor<2x3x!quant.uniform<i8:f32, 0.5>>) {
  %c = arith.constant dense_resource<weights> : tensor<2x3xf32>
  %h = ap.convert %c : tensor<2x3xf32> -> tensor<2x3xf16>
  %q = ap.quantize %c : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32, 0.5>>
  return %h, %q : tensor<2x3xf16>, tensor<2x3x!quant.uniform<i8:f32, 0.5>>
}
{-#
  dialect_resources: {
    builtin: {
      weights: "0x040000000000803F0000004000004040000080400000A0400000F047"
    }
  }
#-}

// -----

// A blob shorter than its type is not read (it would be out of bounds).
// CHECK-LABEL: func @short_blob_not_folded
// CHECK: ap.convert
func.func @short_blob_not_folded() -> tensor<100xf16> {
  %c = arith.constant dense_resource<short> : tensor<100xf32>
  %h = ap.convert %c : tensor<100xf32> -> tensor<100xf16>
  return %h : tensor<100xf16>
}
{-#
  dialect_resources: {
    builtin: {
      short: "0x040000000000803F00000040"
    }
  }
#-}

// -----

// f8E4M3FN as the expressed type: 448 / 0.5 overflows the format (NaN, as
// it has no infinity) and saturates by the sign to 127 and -128; 1 / 0.5 = 2,
// plus 10, gives 12.
// CHECK-LABEL: func @quantize_fn_expressed
// CHECK: arith.constant dense<[127, -128, 12]> : tensor<3xi8>
func.func @quantize_fn_expressed() -> tensor<3x!quant.uniform<i8:f8E4M3FN, 0.5:10>> {
  %c = arith.constant dense<[448.0, -448.0, 1.0]> : tensor<3xf8E4M3FN>
  %q = ap.quantize %c : tensor<3xf8E4M3FN> -> tensor<3x!quant.uniform<i8:f8E4M3FN, 0.5:10>>
  return %q : tensor<3x!quant.uniform<i8:f8E4M3FN, 0.5:10>>
}

// -----

// With a narrow storage range a stored -128 (possible through quant.scast)
// would come back as -127: quantize(dequantize(q)) is not an identity.
// CHECK-LABEL: func @narrow_range_not_folded
// CHECK: ap.dequantize
// CHECK: ap.quantize
func.func @narrow_range_not_folded(%q: tensor<1x!quant.uniform<i8<-127:127>:f32, 1.0>>) -> tensor<1x!quant.uniform<i8<-127:127>:f32, 1.0>> {
  %d = ap.dequantize %q : tensor<1x!quant.uniform<i8<-127:127>:f32, 1.0>> -> tensor<1xf32>
  %r = ap.quantize %d : tensor<1xf32> -> tensor<1x!quant.uniform<i8<-127:127>:f32, 1.0>>
  return %r : tensor<1x!quant.uniform<i8<-127:127>:f32, 1.0>>
}

// -----

// Dynamic shapes: nothing to fold from a constant, and the same-type
// identity still folds.
// CHECK-LABEL: func @dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?xf32>)
// CHECK-NEXT: %[[H:.*]] = ap.convert %[[X]] : tensor<?xf32> -> tensor<?xf16>
// CHECK-NEXT: return %[[X]], %[[H]]
func.func @dynamic(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf16>) {
  %0 = ap.convert %x : tensor<?xf32> -> tensor<?xf32>
  %1 = ap.convert %0 : tensor<?xf32> -> tensor<?xf16>
  return %0, %1 : tensor<?xf32>, tensor<?xf16>
}
