// linalg.conv_2d_nhwc_hwcf (input 2x9x11x5, filter 3x3x5x12, stride 1, no
// padding, output 2x7x9x12) with i8 operands accumulating in i32 (the
// operands are sign-extended), for conv.test (Inputs/kernels.py, variant
// i8). Run with --target edge: its default device, the npu, computes at i8
// with i32 accumulators (the default target's gpu computes at no integer
// precision).

func.func @main(%x: tensor<2x9x11x5xi8>, %w: tensor<3x3x5x12xi8>) -> tensor<2x7x9x12xi32> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<2x7x9x12xi32>
  %c = linalg.fill ins(%z : i32) outs(%e : tensor<2x7x9x12xi32>) -> tensor<2x7x9x12xi32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<2x9x11x5xi8>, tensor<3x3x5x12xi8>)
      outs(%c : tensor<2x7x9x12xi32>) -> tensor<2x7x9x12xi32>
  return %r : tensor<2x7x9x12xi32>
}
