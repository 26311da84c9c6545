// i8 x i8 -> i32 contractions that ap-vectorize-int8-contractions turns into
// VNNI kernels (test/Integration/int8-vnni-exact.test): sizes with partial
// row tiles and a partial last vector, batches, a transposed B, a
// convolution, operands in the other order, a vector-matrix product, and
// a contraction it leaves alone (K not a multiple of 4). @all calls each
// once, so that one compilation serves them all.

// 13 rows (two 6-row tiles and 1), 40 columns (two vectors and a half).
func.func private @matmul(%a: tensor<13x36xi8>, %b: tensor<36x40xi8>) -> tensor<13x40xi32> {
  %e = tensor.empty() : tensor<13x40xi32>
  %z = arith.constant 0 : i32
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<13x40xi32>) -> tensor<13x40xi32>
  %m = linalg.matmul ins(%a, %b : tensor<13x36xi8>, tensor<36x40xi8>) outs(%f : tensor<13x40xi32>) -> tensor<13x40xi32>
  return %m : tensor<13x40xi32>
}

// Accumulates into a given i32 tensor (not zeros); 2 x 64-column tiles + 16.
func.func private @matmul_acc(%a: tensor<8x64xi8>, %b: tensor<64x144xi8>, %c: tensor<8x144xi32>) -> tensor<8x144xi32> {
  %m = linalg.matmul ins(%a, %b : tensor<8x64xi8>, tensor<64x144xi8>) outs(%c : tensor<8x144xi32>) -> tensor<8x144xi32>
  return %m : tensor<8x144xi32>
}

func.func private @batch_matmul(%a: tensor<3x7x20xi8>, %b: tensor<3x20x32xi8>) -> tensor<3x7x32xi32> {
  %e = tensor.empty() : tensor<3x7x32xi32>
  %z = arith.constant 0 : i32
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<3x7x32xi32>) -> tensor<3x7x32xi32>
  %m = linalg.batch_matmul ins(%a, %b : tensor<3x7x20xi8>, tensor<3x20x32xi8>) outs(%f : tensor<3x7x32xi32>) -> tensor<3x7x32xi32>
  return %m : tensor<3x7x32xi32>
}

// B given as N x K: packed four k of one n at a time.
func.func private @matmul_transpose_b(%a: tensor<9x24xi8>, %b: tensor<20x24xi8>) -> tensor<9x20xi32> {
  %e = tensor.empty() : tensor<9x20xi32>
  %z = arith.constant 0 : i32
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<9x20xi32>) -> tensor<9x20xi32>
  %m = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : tensor<9x24xi8>, tensor<20x24xi8>) outs(%f : tensor<9x20xi32>) -> tensor<9x20xi32>
  return %m : tensor<9x20xi32>
}

func.func private @conv(%i: tensor<2x9x10x8xi8>, %w: tensor<3x3x8x24xi8>) -> tensor<2x4x8x24xi32> {
  %e = tensor.empty() : tensor<2x4x8x24xi32>
  %z = arith.constant 0 : i32
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<2x4x8x24xi32>) -> tensor<2x4x8x24xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<[2, 1]> : tensor<2xi64>, strides = dense<[1, 1]> : tensor<2xi64>}
      ins(%i, %w : tensor<2x9x10x8xi8>, tensor<3x3x8x24xi8>) outs(%f : tensor<2x4x8x24xi32>) -> tensor<2x4x8x24xi32>
  return %c : tensor<2x4x8x24xi32>
}

// The operand with N first.
func.func private @swapped(%b: tensor<16x48xi8>, %a: tensor<5x16xi8>) -> tensor<5x48xi32> {
  %e = tensor.empty() : tensor<5x48xi32>
  %z = arith.constant 0 : i32
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<5x48xi32>) -> tensor<5x48xi32>
  %m = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%b, %a : tensor<16x48xi8>, tensor<5x16xi8>) outs(%f : tensor<5x48xi32>) {
  ^bb0(%x: i8, %y: i8, %o: i32):
    %xs = arith.extsi %x : i8 to i32
    %ys = arith.extsi %y : i8 to i32
    %p = arith.muli %ys, %xs : i32
    %s = arith.addi %p, %o : i32
    linalg.yield %s : i32
  } -> tensor<5x48xi32>
  return %m : tensor<5x48xi32>
}

// No row dim: one row of accumulators.
func.func private @vecmat(%a: tensor<28xi8>, %b: tensor<28x33xi8>) -> tensor<33xi32> {
  %e = tensor.empty() : tensor<33xi32>
  %z = arith.constant 0 : i32
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<33xi32>) -> tensor<33xi32>
  %m = linalg.vecmat ins(%a, %b : tensor<28xi8>, tensor<28x33xi8>) outs(%f : tensor<33xi32>) -> tensor<33xi32>
  return %m : tensor<33xi32>
}

// K = 30: not for the kernel; the usual vectorization.
func.func private @odd_k(%a: tensor<4x30xi8>, %b: tensor<30x16xi8>) -> tensor<4x16xi32> {
  %e = tensor.empty() : tensor<4x16xi32>
  %z = arith.constant 0 : i32
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<4x16xi32>) -> tensor<4x16xi32>
  %m = linalg.matmul ins(%a, %b : tensor<4x30xi8>, tensor<30x16xi8>) outs(%f : tensor<4x16xi32>) -> tensor<4x16xi32>
  return %m : tensor<4x16xi32>
}

func.func @all(%mm_a: tensor<13x36xi8>, %mm_b: tensor<36x40xi8>,
               %acc_a: tensor<8x64xi8>, %acc_b: tensor<64x144xi8>, %acc_c: tensor<8x144xi32>,
               %bmm_a: tensor<3x7x20xi8>, %bmm_b: tensor<3x20x32xi8>,
               %tb_a: tensor<9x24xi8>, %tb_b: tensor<20x24xi8>,
               %conv_i: tensor<2x9x10x8xi8>, %conv_w: tensor<3x3x8x24xi8>,
               %sw_b: tensor<16x48xi8>, %sw_a: tensor<5x16xi8>,
               %vm_a: tensor<28xi8>, %vm_b: tensor<28x33xi8>,
               %odd_a: tensor<4x30xi8>, %odd_b: tensor<30x16xi8>)
    -> (tensor<13x40xi32>, tensor<8x144xi32>, tensor<3x7x32xi32>, tensor<9x20xi32>,
        tensor<2x4x8x24xi32>, tensor<5x48xi32>, tensor<33xi32>, tensor<4x16xi32>) {
  %0 = func.call @matmul(%mm_a, %mm_b) : (tensor<13x36xi8>, tensor<36x40xi8>) -> tensor<13x40xi32>
  %1 = func.call @matmul_acc(%acc_a, %acc_b, %acc_c) : (tensor<8x64xi8>, tensor<64x144xi8>, tensor<8x144xi32>) -> tensor<8x144xi32>
  %2 = func.call @batch_matmul(%bmm_a, %bmm_b) : (tensor<3x7x20xi8>, tensor<3x20x32xi8>) -> tensor<3x7x32xi32>
  %3 = func.call @matmul_transpose_b(%tb_a, %tb_b) : (tensor<9x24xi8>, tensor<20x24xi8>) -> tensor<9x20xi32>
  %4 = func.call @conv(%conv_i, %conv_w) : (tensor<2x9x10x8xi8>, tensor<3x3x8x24xi8>) -> tensor<2x4x8x24xi32>
  %5 = func.call @swapped(%sw_b, %sw_a) : (tensor<16x48xi8>, tensor<5x16xi8>) -> tensor<5x48xi32>
  %6 = func.call @vecmat(%vm_a, %vm_b) : (tensor<28xi8>, tensor<28x33xi8>) -> tensor<33xi32>
  %7 = func.call @odd_k(%odd_a, %odd_b) : (tensor<4x30xi8>, tensor<30x16xi8>) -> tensor<4x16xi32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<13x40xi32>, tensor<8x144xi32>, tensor<3x7x32xi32>, tensor<9x20xi32>, tensor<2x4x8x24xi32>, tensor<5x48xi32>, tensor<33xi32>, tensor<4x16xi32>
}
