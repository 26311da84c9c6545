// linalg.matmul 16x40 * 40x24 with i8 operands accumulating in i32 (the
// operands are sign-extended), for matmul.test (Inputs/kernels.py, variant
// i8). Run with --target edge: its default device, the npu, computes at i8
// with i32 accumulators (the default target's gpu computes at no integer
// precision).

func.func @main(%a: tensor<16x40xi8>, %b: tensor<40x24xi8>) -> tensor<16x24xi32> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<16x24xi32>
  %c = linalg.fill ins(%z : i32) outs(%e : tensor<16x24xi32>) -> tensor<16x24xi32>
  %r = linalg.matmul ins(%a, %b : tensor<16x40xi8>, tensor<40x24xi8>)
                     outs(%c : tensor<16x24xi32>) -> tensor<16x24xi32>
  return %r : tensor<16x24xi32>
}
