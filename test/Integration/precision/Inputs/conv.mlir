// linalg.conv_2d_nhwc_hwcf (input 2x9x11x5, filter 3x3x5x12, stride 1, no
// padding, output 2x7x9x12) with f32, f16 and bf16 operands, for conv.test
// (Inputs/kernels.py: the variants, in the order of the arguments and
// results, and the data).
// No ap.target: ap-run simulates the builtin default target; the kernels
// run on its default device, the gpu, which computes at f32, f16 and bf16
// (not at i8: the i8 variant is in conv-i8.mlir). Accumulators: the output
// element type. With f16 or bf16 operands and an f32 output, linalg's
// operand-type promotion extends the operands to f32 (exact) before the
// multiplication: f32 accumulation. With an f16 or bf16 output the
// products and sums are computed in f16 or bf16.

func.func @main(
    %x_f32: tensor<2x9x11x5xf32>, %w_f32: tensor<3x3x5x12xf32>,
    %x_f16_f32: tensor<2x9x11x5xf16>, %w_f16_f32: tensor<3x3x5x12xf16>,
    %x_f16: tensor<2x9x11x5xf16>, %w_f16: tensor<3x3x5x12xf16>,
    %x_bf16_f32: tensor<2x9x11x5xbf16>, %w_bf16_f32: tensor<3x3x5x12xbf16>,
    %x_bf16: tensor<2x9x11x5xbf16>, %w_bf16: tensor<3x3x5x12xbf16>)
    -> (tensor<2x7x9x12xf32>, tensor<2x7x9x12xf32>, tensor<2x7x9x12xf16>,
        tensor<2x7x9x12xf32>, tensor<2x7x9x12xbf16>) {
  %z_f32 = arith.constant 0.0 : f32
  %e_f32 = tensor.empty() : tensor<2x7x9x12xf32>
  %c_f32 = linalg.fill ins(%z_f32 : f32) outs(%e_f32 : tensor<2x7x9x12xf32>) -> tensor<2x7x9x12xf32>
  %r_f32 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x_f32, %w_f32 : tensor<2x9x11x5xf32>, tensor<3x3x5x12xf32>) outs(%c_f32 : tensor<2x7x9x12xf32>) -> tensor<2x7x9x12xf32>

  %z_f16_f32 = arith.constant 0.0 : f32
  %e_f16_f32 = tensor.empty() : tensor<2x7x9x12xf32>
  %c_f16_f32 = linalg.fill ins(%z_f16_f32 : f32) outs(%e_f16_f32 : tensor<2x7x9x12xf32>) -> tensor<2x7x9x12xf32>
  %r_f16_f32 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x_f16_f32, %w_f16_f32 : tensor<2x9x11x5xf16>, tensor<3x3x5x12xf16>) outs(%c_f16_f32 : tensor<2x7x9x12xf32>) -> tensor<2x7x9x12xf32>

  %z_f16 = arith.constant 0.0 : f16
  %e_f16 = tensor.empty() : tensor<2x7x9x12xf16>
  %c_f16 = linalg.fill ins(%z_f16 : f16) outs(%e_f16 : tensor<2x7x9x12xf16>) -> tensor<2x7x9x12xf16>
  %r_f16 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x_f16, %w_f16 : tensor<2x9x11x5xf16>, tensor<3x3x5x12xf16>) outs(%c_f16 : tensor<2x7x9x12xf16>) -> tensor<2x7x9x12xf16>

  %z_bf16_f32 = arith.constant 0.0 : f32
  %e_bf16_f32 = tensor.empty() : tensor<2x7x9x12xf32>
  %c_bf16_f32 = linalg.fill ins(%z_bf16_f32 : f32) outs(%e_bf16_f32 : tensor<2x7x9x12xf32>) -> tensor<2x7x9x12xf32>
  %r_bf16_f32 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x_bf16_f32, %w_bf16_f32 : tensor<2x9x11x5xbf16>, tensor<3x3x5x12xbf16>) outs(%c_bf16_f32 : tensor<2x7x9x12xf32>) -> tensor<2x7x9x12xf32>

  %z_bf16 = arith.constant 0.0 : bf16
  %e_bf16 = tensor.empty() : tensor<2x7x9x12xbf16>
  %c_bf16 = linalg.fill ins(%z_bf16 : bf16) outs(%e_bf16 : tensor<2x7x9x12xbf16>) -> tensor<2x7x9x12xbf16>
  %r_bf16 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x_bf16, %w_bf16 : tensor<2x9x11x5xbf16>, tensor<3x3x5x12xbf16>) outs(%c_bf16 : tensor<2x7x9x12xbf16>) -> tensor<2x7x9x12xbf16>
  return %r_f32, %r_f16_f32, %r_f16, %r_bf16_f32, %r_bf16
      : tensor<2x7x9x12xf32>, tensor<2x7x9x12xf32>, tensor<2x7x9x12xf16>,
        tensor<2x7x9x12xf32>, tensor<2x7x9x12xbf16>
}
