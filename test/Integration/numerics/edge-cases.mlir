// Edge cases of ap.convert, ap.quantize and ap.dequantize whose results are
// worked out by hand in the comments. Each is computed twice, constant-folded
// (APFloat through mlir::ap::numerics) and lowered by ap-lower-numerics then
// executed, and both runs are checked against the same CHECK lines, on the
// bits (floats are bitcast to integers and printed as unsigned integers).
// RUN: ap-opt --canonicalize %s | ap-opt --ap-lower-numerics | ap-opt %lower-to-llvm | %run | FileCheck %s
// RUN: ap-opt --ap-lower-numerics %s | ap-opt %lower-to-llvm | %run | FileCheck %s

func.func private @printMemrefI64(memref<*xi64>)

func.func @print8(%t: tensor<?xi8>, %signed: i1) {
  %w = scf.if %signed -> tensor<?xi64> {
    %s = arith.extsi %t : tensor<?xi8> to tensor<?xi64>
    scf.yield %s : tensor<?xi64>
  } else {
    %u = arith.extui %t : tensor<?xi8> to tensor<?xi64>
    scf.yield %u : tensor<?xi64>
  }
  %m = bufferization.to_buffer %w read_only : tensor<?xi64> to memref<?xi64>
  %u = memref.cast %m : memref<?xi64> to memref<*xi64>
  call @printMemrefI64(%u) : (memref<*xi64>) -> ()
  return
}

func.func @print16(%t: tensor<?xi16>) {
  %w = arith.extui %t : tensor<?xi16> to tensor<?xi64>
  %m = bufferization.to_buffer %w read_only : tensor<?xi64> to memref<?xi64>
  %u = memref.cast %m : memref<?xi64> to memref<*xi64>
  call @printMemrefI64(%u) : (memref<*xi64>) -> ()
  return
}

func.func @print32(%t: tensor<?xi32>) {
  %w = arith.extui %t : tensor<?xi32> to tensor<?xi64>
  %m = bufferization.to_buffer %w read_only : tensor<?xi64> to memref<?xi64>
  %u = memref.cast %m : memref<?xi64> to memref<*xi64>
  call @printMemrefI64(%u) : (memref<*xi64>) -> ()
  return
}

func.func @f16(%t: tensor<16xf16>) {
  %b = arith.bitcast %t : tensor<16xf16> to tensor<16xi16>
  %c = tensor.cast %b : tensor<16xi16> to tensor<?xi16>
  call @print16(%c) : (tensor<?xi16>) -> ()
  return
}

func.func @bf16(%t: tensor<8xbf16>) {
  %b = arith.bitcast %t : tensor<8xbf16> to tensor<8xi16>
  %c = tensor.cast %b : tensor<8xi16> to tensor<?xi16>
  call @print16(%c) : (tensor<?xi16>) -> ()
  return
}

func.func @e4m3(%t: tensor<16xf8E4M3FN>) {
  %b = arith.bitcast %t : tensor<16xf8E4M3FN> to tensor<16xi8>
  %c = tensor.cast %b : tensor<16xi8> to tensor<?xi8>
  %false = arith.constant false
  call @print8(%c, %false) : (tensor<?xi8>, i1) -> ()
  return
}

func.func @e5m2(%t: tensor<8xf8E5M2>) {
  %b = arith.bitcast %t : tensor<8xf8E5M2> to tensor<8xi8>
  %c = tensor.cast %b : tensor<8xi8> to tensor<?xi8>
  %false = arith.constant false
  call @print8(%c, %false) : (tensor<?xi8>, i1) -> ()
  return
}

func.func @f32(%t: tensor<4xf32>) {
  %b = arith.bitcast %t : tensor<4xf32> to tensor<4xi32>
  %c = tensor.cast %b : tensor<4xi32> to tensor<?xi32>
  call @print32(%c) : (tensor<?xi32>) -> ()
  return
}

func.func @main() {
  // f32 -> f16. Inputs: 1, 65504 (largest f16), 65520 (halfway between
  // 65504 and 65536: a tie whose even neighbour, 65536, overflows), 65519,
  // 1e6, 2^-24 (smallest subnormal), 2^-25 (tie between 0 and 2^-24),
  // 0.75 * 2^-24, -2^-25, 1 + 2^-11 (tie, even neighbour 1),
  // 1 + 3 * 2^-11 (tie, even neighbour 1 + 2^-9), -0, NaN with a payload,
  // -NaN, +inf, -inf.
  %h = arith.constant dense<[1.0, 65504.0, 65520.0, 65519.0, 1.0e6,
      5.9604644775390625E-8, 2.98023223876953125E-8, 4.470348358154296875E-8,
      -2.98023223876953125E-8, 1.00048828125, 1.00146484375, -0.0,
      0x7FC00001, 0xFFC00000, 0x7F800000, 0xFF800000]> : tensor<16xf32>

  // nearest_even: 0x3C00, 0x7BFF, 0x7C00 (inf), 0x7BFF, 0x7C00 (inf), 1, 0,
  // 1, 0x8000 (-0), 0x3C00, 0x3C02, 0x8000, 0x7E00 (quiet NaN, payload
  // dropped), 0xFE00, 0x7C00, 0xFC00.
  // CHECK: [15360,  31743,  31744,  31743,  31744,  1,  0,  1,  32768,  15360,  15362,  32768,  32256,  65024,  31744,  64512]
  %h0 = ap.convert %h : tensor<16xf32> -> tensor<16xf16>
  call @f16(%h0) : (tensor<16xf16>) -> ()
  // nearest_even saturate: overflows and infinities become +-65504 (0xFBFF
  // = 64511 for the negative one).
  // CHECK: [15360,  31743,  31743,  31743,  31743,  1,  0,  1,  32768,  15360,  15362,  32768,  32256,  65024,  31743,  64511]
  %h1 = ap.convert %h saturate : tensor<16xf32> -> tensor<16xf16>
  call @f16(%h1) : (tensor<16xf16>) -> ()
  // toward_zero: finite values never overflow (65520 and 1e6 give 65504),
  // 0.75 * 2^-24 gives 0, 1 + 3 * 2^-11 gives 1 + 2^-10 (0x3C01); the
  // infinities stay infinite without saturate.
  // CHECK: [15360,  31743,  31743,  31743,  31743,  1,  0,  0,  32768,  15360,  15361,  32768,  32256,  65024,  31744,  64512]
  %h2 = ap.convert %h rounding toward_zero : tensor<16xf32> -> tensor<16xf16>
  call @f16(%h2) : (tensor<16xf16>) -> ()

  // f32 -> f8E4M3FN (no infinities; NaN is S.1111.111; largest 448 =
  // 0x7E). Inputs: 1, 448, 464 (tie between 448 and 480, whose encoding is
  // NaN: even neighbour 448), 465 (rounds to 480: overflow), 1000, 2^-9
  // (smallest subnormal), 2^-10 (tie: 0), 3 * 2^-11 (0.75 ulp: 2^-9),
  // 1e-30, -1e-30, +inf, -inf, NaN, -448, 0, 2^-6 (smallest normal).
  %e = arith.constant dense<[1.0, 448.0, 464.0, 465.0, 1000.0,
      0.001953125, 0.0009765625, 0.00146484375, 1.0e-30, -1.0e-30,
      0x7F800000, 0xFF800000, 0x7FC00000, -448.0, 0.0, 0.015625]>
      : tensor<16xf32>
  // nearest_even: 0x38, 0x7E, 0x7E, 0x7F (NaN), 0x7F, 1, 0, 1, 0, 0x80,
  // 0x7F (inf -> NaN), 0xFF, 0x7F, 0xFE, 0, 0x08.
  // CHECK: [56,  126,  126,  127,  127,  1,  0,  1,  0,  128,  127,  255,  127,  254,  0,  8]
  %e0 = ap.convert %e : tensor<16xf32> -> tensor<16xf8E4M3FN>
  call @e4m3(%e0) : (tensor<16xf8E4M3FN>) -> ()
  // nearest_even saturate: 465, 1000 and +inf give 448, -inf -448.
  // CHECK: [56,  126,  126,  126,  126,  1,  0,  1,  0,  128,  126,  254,  127,  254,  0,  8]
  %e1 = ap.convert %e saturate : tensor<16xf32> -> tensor<16xf8E4M3FN>
  call @e4m3(%e1) : (tensor<16xf8E4M3FN>) -> ()
  // toward_zero: 465 and 1000 give 448; 3 * 2^-11 (0.75 * 2^-9) gives 0;
  // the infinities still overflow to NaN (no saturate).
  // CHECK: [56,  126,  126,  126,  126,  1,  0,  0,  0,  128,  127,  255,  127,  254,  0,  8]
  %e2 = ap.convert %e rounding toward_zero : tensor<16xf32> -> tensor<16xf8E4M3FN>
  call @e4m3(%e2) : (tensor<16xf8E4M3FN>) -> ()

  // f32 -> f8E5M2 (IEEE-like; largest 57344 = 0x7B). Inputs: 1, 57344,
  // 61440 (tie whose even neighbour 65536 overflows: inf 0x7C), 2^-16
  // (smallest subnormal), 2^-17 (tie: 0), NaN, -NaN, -inf.
  %f = arith.constant dense<[1.0, 57344.0, 61440.0, 1.52587890625E-5,
      7.62939453125E-6, 0x7FC00000, 0xFFC00000, 0xFF800000]> : tensor<8xf32>
  // CHECK: [60,  123,  124,  1,  0,  126,  254,  252]
  %f0 = ap.convert %f : tensor<8xf32> -> tensor<8xf8E5M2>
  call @e5m2(%f0) : (tensor<8xf8E5M2>) -> ()
  // saturate: 61440 gives 57344, -inf gives -57344 (0xFB).
  // CHECK: [60,  123,  123,  1,  0,  126,  254,  251]
  %f1 = ap.convert %f saturate : tensor<8xf32> -> tensor<8xf8E5M2>
  call @e5m2(%f1) : (tensor<8xf8E5M2>) -> ()

  // f32 -> bf16, which AVX-512 BF16 conversions would flush when
  // subnormal. Inputs: 1, 1 + 2^-8 (tie: 1), 1 + 3 * 2^-8 (tie: 1 + 2^-6 =
  // 0x3F82), 2^-133 (smallest bf16 subnormal: 1), 2^-134 (tie: 0),
  // 3 * 2^-135 (1), the largest f32 (rounds up to 2^128: inf 0x7F80), a
  // signaling NaN (quiet NaN 0x7FC0).
  %g = arith.constant dense<[1.0, 1.00390625, 1.01171875, 0x00010000,
      0x00008000, 0x0000C000, 0x7F7FFFFF, 0x7F800001]> : tensor<8xf32>
  // CHECK: [16256,  16256,  16258,  1,  0,  1,  32640,  32704]
  %g0 = ap.convert %g : tensor<8xf32> -> tensor<8xbf16>
  call @bf16(%g0) : (tensor<8xbf16>) -> ()

  // Stochastic rounding f32 -> f16 of 1 + 2^-11 (exactly half an ulp above
  // 1) in every element: element i rounds up (to 0x3C01) iff the high 32
  // bits of the i-th SplitMix64 output for seed 7 are below 2^31, that is
  // iff their top bit is 0. Those bits (numerics::stochasticBits, from
  // z = 7 + (i + 1) * 0x9E3779B97F4A7C15 mixed) are 0x63CBE1E4, 0x044C3CD7,
  // 0xE6984080, 0x953AEB70: up, up, down, down; converted back to f32,
  // 1 + 2^-10 is 0x3F802000 and 1 is 0x3F800000.
  %s = arith.constant dense<1.00048828125> : tensor<4xf32>
  %s0 = ap.convert %s rounding stochastic seed 7 : tensor<4xf32> -> tensor<4xf16>
  %s1 = ap.convert %s0 : tensor<4xf16> -> tensor<4xf32>
  // CHECK: [1065361408,  1065361408,  1065353216,  1065353216]
  call @f32(%s1) : (tensor<4xf32>) -> ()

  // Quantization with !quant.uniform<i8:f32, 0.5:-3>: 0.25 / 0.5 = 0.5
  // rounds to 0 (even), -3; 0.75 -> 1.5 -> 2, -1; 1.25 -> 2.5 -> 2, -1;
  // -0.25 -> -0.5 -> -0, -3; 100 -> 200 - 3, clamped to 127; -100 -> -128;
  // NaN -> the zero point -3; +inf -> 127; -inf -> -128; -0 -> -3.
  // CHECK: [-3,  -1,  -1,  -3,  127,  -128,  -3,  127,  -128,  -3]
  %qx = arith.constant dense<[0.25, 0.75, 1.25, -0.25, 100.0, -100.0,
      0x7FC00000, 0x7F800000, 0xFF800000, -0.0]> : tensor<10xf32>
  %q0 = ap.quantize %qx : tensor<10xf32> -> tensor<10x!quant.uniform<i8:f32, 0.5:-3>>
  %q0s = quant.scast %q0 : tensor<10x!quant.uniform<i8:f32, 0.5:-3>> to tensor<10xi8>
  %q0c = tensor.cast %q0s : tensor<10xi8> to tensor<?xi8>
  %true = arith.constant true
  call @print8(%q0c, %true) : (tensor<?xi8>, i1) -> ()

  // Unsigned storage, !quant.uniform<u8:f32, 0.25:128>: 0.125 -> 0.5 -> 0,
  // 128; 0.375 -> 1.5 -> 2, 130; 40 -> 160 + 128, clamped to 255;
  // -40 -> -160 + 128, clamped to 0. Printed as unsigned.
  // CHECK: [128,  130,  255,  0]
  %ux = arith.constant dense<[0.125, 0.375, 40.0, -40.0]> : tensor<4xf32>
  %u0 = ap.quantize %ux : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.25:128>>
  %u0s = quant.scast %u0 : tensor<4x!quant.uniform<u8:f32, 0.25:128>> to tensor<4xi8>
  %u0c = tensor.cast %u0s : tensor<4xi8> to tensor<?xi8>
  %false = arith.constant false
  call @print8(%u0c, %false) : (tensor<?xi8>, i1) -> ()

  // Per axis (dimension 1), narrow i8<-127:127> storage, scales 0.5 and 2
  // with zero points 0 and 10: row [1, 1] -> [2, 10 + round(0.5) = 10],
  // row [3, -3] -> [6, 10 + round(-1.5) = 8], row [-1000, 1000] -> [-127
  // (narrow bound), 10 + 500 -> 127].
  // CHECK: [2,  10,  6,  8,  -127,  127]
  %px = arith.constant dense<[[1.0, 1.0], [3.0, -3.0], [-1000.0, 1000.0]]> : tensor<3x2xf32>
  %p0 = ap.quantize %px : tensor<3x2xf32> -> tensor<3x2x!quant.uniform<i8<-127:127>:f32:1, {0.5:0, 2.0:10}>>
  %p0s = quant.scast %p0 : tensor<3x2x!quant.uniform<i8<-127:127>:f32:1, {0.5:0, 2.0:10}>> to tensor<3x2xi8>
  %p0c = tensor.collapse_shape %p0s [[0, 1]] : tensor<3x2xi8> into tensor<6xi8>
  %p0d = tensor.cast %p0c : tensor<6xi8> to tensor<?xi8>
  call @print8(%p0d, %true) : (tensor<?xi8>, i1) -> ()

  // i4 storage, !quant.uniform<i4:f32, 1.0:1>: 2.5 -> 2 + 1 = 3;
  // 3.5 -> 4 + 1 = 5; 10 -> 7; -10 -> -8; -2.5 -> -2 + 1 = -1.
  // CHECK: [3,  5,  7,  -8,  -1]
  %ix = arith.constant dense<[2.5, 3.5, 10.0, -10.0, -2.5]> : tensor<5xf32>
  %i0 = ap.quantize %ix : tensor<5xf32> -> tensor<5x!quant.uniform<i4:f32, 1.0:1>>
  %i0s = quant.scast %i0 : tensor<5x!quant.uniform<i4:f32, 1.0:1>> to tensor<5xi4>
  %i0w = arith.extsi %i0s : tensor<5xi4> to tensor<5xi8>
  %i0c = tensor.cast %i0w : tensor<5xi8> to tensor<?xi8>
  call @print8(%i0c, %true) : (tensor<?xi8>, i1) -> ()

  // Dequantization: i8 0.5:-3 of [-128, 127, -3, 0]: -125 * 0.5 = -62.5
  // (0xC27A0000), 130 * 0.5 = 65 (0x42820000), +0, 3 * 0.5 = 1.5
  // (0x3FC00000).
  // CHECK: [3262775296,  1115815936,  0,  1069547520]
  %dq = arith.constant dense<[-128, 127, -3, 0]> : tensor<4xi8>
  %dq0 = quant.scast %dq : tensor<4xi8> to tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
  %d0 = ap.dequantize %dq0 : tensor<4x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<4xf32>
  call @f32(%d0) : (tensor<4xf32>) -> ()
  // u8 0.25:128 of [255 (stored as the byte 0xFF), 0, 128, 129]:
  // 127 * 0.25 = 31.75 (0x41FE0000), -128 * 0.25 = -32 (0xC2000000), +0,
  // 0.25 (0x3E800000).
  // CHECK: [1107165184,  3254779904,  0,  1048576000]
  %du = arith.constant dense<[-1, 0, -128, -127]> : tensor<4xi8>
  %du0 = quant.scast %du : tensor<4xi8> to tensor<4x!quant.uniform<u8:f32, 0.25:128>>
  %d1 = ap.dequantize %du0 : tensor<4x!quant.uniform<u8:f32, 0.25:128>> -> tensor<4xf32>
  call @f32(%d1) : (tensor<4xf32>) -> ()
  // Per axis (dimension 0), i4 storage {0.5:1, 3.0:-2}, f16 result:
  // row 0 of [7, -8]: 3 (0x4200), -4.5 (0xC480); row 1 of [7, -8]: 27
  // (0x4EC0), -18 (0xCC80); printed as f16 bits in a 16-element tensor
  // padded with ones (0x3C00).
  %da = arith.constant dense<[[7, -8], [7, -8]]> : tensor<2x2xi4>
  %da0 = quant.scast %da : tensor<2x2xi4> to tensor<2x2x!quant.uniform<i4:f16:0, {0.5:1, 3.0:-2}>>
  %d2 = ap.dequantize %da0 : tensor<2x2x!quant.uniform<i4:f16:0, {0.5:1, 3.0:-2}>> -> tensor<2x2xf16>
  %d2c = tensor.collapse_shape %d2 [[0, 1]] : tensor<2x2xf16> into tensor<4xf16>
  %ones = arith.constant dense<1.0> : tensor<16xf16>
  %d2p = tensor.insert_slice %d2c into %ones[0] [4] [1] : tensor<4xf16> into tensor<16xf16>
  // CHECK: [16896,  50304,  20160,  52352,  15360,
  call @f16(%d2p) : (tensor<16xf16>) -> ()
  return
}
