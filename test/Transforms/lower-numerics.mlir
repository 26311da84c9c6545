// RUN: ap-opt %s --ap-lower-numerics --split-input-file | FileCheck %s

// A narrowing conversion is integer emulation on the encodings: bitcast to
// an integer, work in i64, truncate and bitcast to the destination.
// CHECK-LABEL: func.func @convert_f32_to_f8
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>) -> tensor<4xf8E4M3FN>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<4xf8E4M3FN>
// CHECK: %[[R:.*]] = linalg.generic
// CHECK-SAME: iterator_types = ["parallel"]
// CHECK-SAME: ins(%[[X]] : tensor<4xf32>) outs(%[[EMPTY]] : tensor<4xf8E4M3FN>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f8E4M3FN):
// CHECK: %[[BITS:.*]] = arith.bitcast %[[IN]] : f32 to i32
// CHECK: arith.extui %[[BITS]] : i32 to i64
// CHECK: arith.shrui
// CHECK: arith.maxsi
// CHECK: arith.cmpi ugt
// CHECK: arith.select
// CHECK: %[[T:.*]] = arith.trunci %{{.*}} : i64 to i8
// CHECK: %[[F:.*]] = arith.bitcast %[[T]] : i8 to f8E4M3FN
// CHECK: linalg.yield %[[F]] : f8E4M3FN
// CHECK-NOT: func.call
// CHECK: return %[[R]]
func.func @convert_f32_to_f8(%x: tensor<4xf32>) -> tensor<4xf8E4M3FN> {
  %0 = ap.convert %x : tensor<4xf32> -> tensor<4xf8E4M3FN>
  return %0 : tensor<4xf8E4M3FN>
}

// -----

// A conversion from FP8 is emulated too (LLVM has no FP8 types); the leading
// bit of a subnormal source is found with math.ctlz.
// CHECK-LABEL: func.func @convert_f8_to_f32
// CHECK: linalg.generic
// CHECK: arith.bitcast %{{.*}} : f8E5M2 to i8
// CHECK: math.ctlz
// CHECK: arith.bitcast %{{.*}} : i32 to f32
func.func @convert_f8_to_f32(%x: tensor<8xf8E5M2>) -> tensor<8xf32> {
  %0 = ap.convert %x : tensor<8xf8E5M2> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// An exact widening between native formats is arith.extf, with the NaN
// canonicalized and, with saturate, the infinities clamped.
// CHECK-LABEL: func.func @convert_widening
// CHECK: linalg.generic
// CHECK: ^bb0(%[[IN:.*]]: bf16, %{{.*}}: f32):
// CHECK: %[[EXT:.*]] = arith.extf %[[IN]] : bf16 to f32
// CHECK: math.absf %[[EXT]]
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[IN]], %[[IN]] : bf16
// CHECK: arith.select %[[NAN]]
func.func @convert_widening(%x: tensor<2x3xbf16>) -> tensor<2x3xf32> {
  %0 = ap.convert %x saturate : tensor<2x3xbf16> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Toward zero has no rounding increment.
// CHECK-LABEL: func.func @convert_toward_zero
// CHECK: linalg.generic
// CHECK: %[[FALSE:.*]] = arith.constant false
// CHECK: arith.extui %[[FALSE]] : i1 to i64
func.func @convert_toward_zero(%x: tensor<4xf32>) -> tensor<4xf16> {
  %0 = ap.convert %x rounding toward_zero : tensor<4xf32> -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// Stochastic rounding computes the row-major position from linalg.index and
// the (dynamic) sizes, and SplitMix64 inline.
// CHECK-LABEL: func.func @convert_stochastic
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK: %[[C8:.*]] = arith.constant 8 : index
// CHECK: %[[DIM:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x8xf32>
// CHECK: tensor.empty(%[[DIM]]) : tensor<?x8xbf16>
// CHECK: linalg.generic
// CHECK: %[[I0:.*]] = linalg.index 0 : index
// CHECK: %[[I1:.*]] = linalg.index 1 : index
// CHECK: %[[ROW:.*]] = arith.muli %[[I0]], %[[C8]] : index
// CHECK: %[[LIN:.*]] = arith.addi %[[ROW]], %[[I1]] : index
// CHECK: %[[POS:.*]] = arith.index_cast %[[LIN]] : index to i64
// CHECK: %[[NEXT:.*]] = arith.addi %[[POS]], %{{.*}} : i64
// CHECK: %[[GAMMA:.*]] = arith.constant -7046029254386353131 : i64
// CHECK: arith.muli %[[NEXT]], %[[GAMMA]] : i64
// CHECK: arith.constant 42 : i64
// CHECK: arith.constant -4658895280553007687 : i64
// CHECK: arith.constant -7723592293110705685 : i64
// CHECK: arith.constant 32 : i64
// CHECK: arith.cmpi ult
// CHECK: arith.bitcast %{{.*}} : i16 to bf16
func.func @convert_stochastic(%x: tensor<?x8xf32>) -> tensor<?x8xbf16> {
  %0 = ap.convert %x rounding stochastic seed 42 : tensor<?x8xf32> -> tensor<?x8xbf16>
  return %0 : tensor<?x8xbf16>
}

// -----

// A conversion to the same type without saturate is the identity.
// CHECK-LABEL: func.func @convert_identity
// CHECK-SAME: (%[[X:.*]]: tensor<4xf16>)
// CHECK-NEXT: return %[[X]]
func.func @convert_identity(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = ap.convert %x : tensor<4xf16> -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// Per-tensor quantization: divide, round half to even, add the zero point,
// clamp to the storage range, NaN to the zero point; the result has the
// storage type.
// CHECK-LABEL: func.func @quantize
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>) -> tensor<4xi8>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<4xi8>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[X]] : tensor<4xf32>) outs(%[[EMPTY]] : tensor<4xi8>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: i8):
// CHECK: %[[SCALE:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: %[[ZP:.*]] = arith.constant -3 : i64
// CHECK: %[[Q:.*]] = arith.divf %[[IN]], %[[SCALE]] : f32
// CHECK: %[[R:.*]] = math.roundeven %[[Q]] : f32
// CHECK: arith.fptosi %{{.*}} : f32 to i64
// CHECK: arith.addi %{{.*}}, %[[ZP]] : i64
// CHECK: arith.constant -128 : i64
// CHECK: arith.maxsi
// CHECK: arith.constant 127 : i64
// CHECK: arith.minsi
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[IN]], %[[IN]] : f32
// CHECK: arith.select %[[NAN]], %[[ZP]]
// CHECK: arith.trunci %{{.*}} : i64 to i8
// CHECK-NOT: quant.uniform
func.func @quantize(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>> {
  %q = ap.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
  return %q : tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
}

// -----

// Per-axis quantization: scales and zero points are constant inputs
// indexed by the quantized dimension. i4 storage is i4.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[AXIS:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @quantize_per_axis
// CHECK-SAME: -> tensor<2x3xi4>
// CHECK-DAG: %[[SCALES:.*]] = arith.constant dense<[1.000000e-01, 2.000000e-01, 4.000000e-01]> : tensor<3xf32>
// CHECK-DAG: %[[ZPS:.*]] = arith.constant dense<[0, 1, -2]> : tensor<3xi64>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[AXIS]], #[[AXIS]], #[[ID]]]
// CHECK-SAME: ins(%{{.*}}, %[[SCALES]], %[[ZPS]] : tensor<2x3xf32>, tensor<3xf32>, tensor<3xi64>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %[[S:.*]]: f32, %[[Z:.*]]: i64, %{{.*}}: i4):
// CHECK: arith.divf %[[IN]], %[[S]] : f32
// CHECK: arith.constant -8 : i64
// CHECK: arith.constant 7 : i64
// CHECK: arith.trunci %{{.*}} : i64 to i4
func.func @quantize_per_axis(%x: tensor<2x3xf32>)
    -> tensor<2x3x!quant.uniform<i4:f32:1, {0.1, 0.2:1, 0.4:-2}>> {
  %q = ap.quantize %x : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i4:f32:1, {0.1, 0.2:1, 0.4:-2}>>
  return %q : tensor<2x3x!quant.uniform<i4:f32:1, {0.1, 0.2:1, 0.4:-2}>>
}

// -----

// A narrow expressed type is computed in f64 and rounded to it exactly.
// CHECK-LABEL: func.func @quantize_f16
// CHECK: ^bb0(%[[IN:.*]]: f16, %{{.*}}: i8):
// CHECK: %[[WIDE:.*]] = arith.extf %[[IN]] : f16 to f64
// CHECK: arith.divf %{{.*}}, %{{.*}} : f64
// CHECK: arith.trunci %{{.*}} : i64 to i16
// CHECK: arith.bitcast %{{.*}} : i16 to f16
// CHECK: math.roundeven %{{.*}} : f64
func.func @quantize_f16(%x: tensor<4xf16>) -> tensor<4x!quant.uniform<i8:f16, 0.1>> {
  %q = ap.quantize %x : tensor<4xf16> -> tensor<4x!quant.uniform<i8:f16, 0.1>>
  return %q : tensor<4x!quant.uniform<i8:f16, 0.1>>
}

// -----

// Dequantization of unsigned storage: the i8 argument (u8 storage) is
// extended unsigned; (q - zp) * scale in f32.
// CHECK-LABEL: func.func @dequantize
// CHECK-SAME: (%[[Q:.*]]: tensor<4xi8>) -> tensor<4xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[Q]] : tensor<4xi8>)
// CHECK: ^bb0(%[[IN:.*]]: i8, %{{.*}}: f32):
// CHECK: %[[SCALE:.*]] = arith.constant 2.500000e-01 : f32
// CHECK: %[[ZP:.*]] = arith.constant 128 : i64
// CHECK: %[[W:.*]] = arith.extui %[[IN]] : i8 to i64
// CHECK: %[[D:.*]] = arith.subi %[[W]], %[[ZP]] : i64
// CHECK: %[[F:.*]] = arith.sitofp %[[D]] : i64 to f32
// CHECK: %[[P:.*]] = arith.mulf %[[F]], %[[SCALE]] : f32
// CHECK: linalg.yield %[[P]] : f32
func.func @dequantize(%q: tensor<4x!quant.uniform<u8:f32, 0.25:128>>) -> tensor<4xf32> {
  %x = ap.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.25:128>> -> tensor<4xf32>
  return %x : tensor<4xf32>
}

// -----

// Signed per-axis dequantization along dimension 0.
// CHECK-LABEL: func.func @dequantize_per_axis
// CHECK-SAME: (%[[Q:.*]]: tensor<2x?xi8>) -> tensor<2x?xf32>
// CHECK: %[[C1:.*]] = arith.constant 1 : index
// CHECK: %[[DIM:.*]] = tensor.dim %[[Q]], %[[C1]]
// CHECK: tensor.empty(%[[DIM]]) : tensor<2x?xf32>
// CHECK: ^bb0(%[[IN:.*]]: i8, %[[S:.*]]: f32, %[[Z:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[W:.*]] = arith.extsi %[[IN]] : i8 to i64
// CHECK: arith.subi %[[W]], %[[Z]] : i64
// CHECK: arith.mulf %{{.*}}, %[[S]] : f32
func.func @dequantize_per_axis(%q: tensor<2x?x!quant.uniform<i8:f32:0, {0.5:1, 0.25:-1}>>) -> tensor<2x?xf32> {
  %x = ap.dequantize %q : tensor<2x?x!quant.uniform<i8:f32:0, {0.5:1, 0.25:-1}>> -> tensor<2x?xf32>
  return %x : tensor<2x?xf32>
}

// -----

// Every quantized type of the module becomes its storage type: signatures,
// block arguments, results of calls, loops, slices, transfers and empty
// tensors; quant.scast disappears.
!q = !quant.uniform<u8:f32, 0.25:128>
// CHECK-LABEL: func.func private @use(tensor<4xi8>) -> tensor<4xi8>
func.func private @use(tensor<4x!q>) -> tensor<4x!q>

// CHECK-LABEL: func.func @types
// CHECK-SAME: (%[[A:.*]]: tensor<4xi8>, %[[N:.*]]: index, %[[RAW:.*]]: tensor<4xi8>) -> (tensor<2xi8>, tensor<4xi8>, tensor<3xi8>)
// CHECK: %[[R:.*]] = scf.for %{{.*}} = %{{.*}} to %[[N]] step %{{.*}} iter_args(%[[ACC:.*]] = %[[A]]) -> (tensor<4xi8>) {
// CHECK:   %[[C:.*]] = func.call @use(%[[ACC]]) : (tensor<4xi8>) -> tensor<4xi8>
// CHECK:   scf.yield %[[C]] : tensor<4xi8>
// CHECK: %[[T:.*]] = ap.transfer %[[R]] from @cpu to @npu : tensor<4xi8> -> tensor<4xi8>
// CHECK: %[[S:.*]] = tensor.extract_slice %[[T]][0] [2] [1] : tensor<4xi8> to tensor<2xi8>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<3xi8>
// CHECK: return %[[S]], %[[RAW]], %[[E]] : tensor<2xi8>, tensor<4xi8>, tensor<3xi8>
func.func @types(%a: tensor<4x!q>, %n: index, %raw: tensor<4xi8>)
    -> (tensor<2x!q>, tensor<4x!q>, tensor<3x!q>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %a) -> (tensor<4x!q>) {
    %c = func.call @use(%acc) : (tensor<4x!q>) -> tensor<4x!q>
    scf.yield %c : tensor<4x!q>
  }
  %t = ap.transfer %r from @cpu to @npu : tensor<4x!q> -> tensor<4x!q>
  %s = tensor.extract_slice %t[0] [2] [1] : tensor<4x!q> to tensor<2x!q>
  %cast = quant.scast %raw : tensor<4xi8> to tensor<4x!q>
  %e = tensor.empty() : tensor<3x!q>
  return %s, %cast, %e : tensor<2x!q>, tensor<4x!q>, tensor<3x!q>
}

// -----

// Regions: block arguments of ap.placement and cf successors.
// CHECK-LABEL: func.func @regions
// CHECK-SAME: (%[[A:.*]]: tensor<4xi4>, %{{.*}}: i1) -> tensor<4xi4>
// CHECK: ap.placement on @npu (%[[B:.*]] = %[[A]]) : (tensor<4xi4>) -> tensor<4xi4> {
// CHECK:   ap.yield %[[B]] : tensor<4xi4>
// CHECK: cf.cond_br %{{.*}}, ^bb1(%{{.*}} : tensor<4xi4>), ^bb1(%[[A]] : tensor<4xi4>)
// CHECK: ^bb1(%[[ARG:.*]]: tensor<4xi4>):
// CHECK: return %[[ARG]] : tensor<4xi4>
func.func @regions(%a: tensor<4x!quant.uniform<i4:f32, 1.0>>, %c: i1)
    -> tensor<4x!quant.uniform<i4:f32, 1.0>> {
  %p = ap.placement on @npu (%b = %a) : (tensor<4x!quant.uniform<i4:f32, 1.0>>)
      -> tensor<4x!quant.uniform<i4:f32, 1.0>> {
    ap.yield %b : tensor<4x!quant.uniform<i4:f32, 1.0>>
  }
  cf.cond_br %c, ^bb1(%p : tensor<4x!quant.uniform<i4:f32, 1.0>>),
                 ^bb1(%a : tensor<4x!quant.uniform<i4:f32, 1.0>>)
^bb1(%r: tensor<4x!quant.uniform<i4:f32, 1.0>>):
  return %r : tensor<4x!quant.uniform<i4:f32, 1.0>>
}
