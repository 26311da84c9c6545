// linalg.matmul 16x40 * 40x24 with f32, f16 and bf16 operands (variants
// f32, f16_f32, f16 and bf16_f32 of Inputs/kernels.py, in the order of the
// arguments and results), for matmul.test. The i8 variant is in
// matmul-i8.mlir, the bf16 one (accumulating in bf16) in matmul-bf16.mlir.
// No ap.target: ap-run simulates the builtin default target; the kernels
// run on its default device, the gpu, which computes at f32, f16 and bf16
// (not at i8). Accumulators: the output element type. With f16 or bf16
// operands and an f32 output, linalg's operand-type promotion extends the
// operands to f32 (exact) before the multiplication: f32 accumulation.
// With an f16 output the products and sums are computed in f16.

func.func @main(
    %a_f32: tensor<16x40xf32>, %b_f32: tensor<40x24xf32>,
    %a_f16_f32: tensor<16x40xf16>, %b_f16_f32: tensor<40x24xf16>,
    %a_f16: tensor<16x40xf16>, %b_f16: tensor<40x24xf16>,
    %a_bf16_f32: tensor<16x40xbf16>, %b_bf16_f32: tensor<40x24xbf16>)
    -> (tensor<16x24xf32>, tensor<16x24xf32>, tensor<16x24xf16>,
        tensor<16x24xf32>) {
  %z_f32 = arith.constant 0.0 : f32
  %e_f32 = tensor.empty() : tensor<16x24xf32>
  %c_f32 = linalg.fill ins(%z_f32 : f32) outs(%e_f32 : tensor<16x24xf32>) -> tensor<16x24xf32>
  %r_f32 = linalg.matmul ins(%a_f32, %b_f32 : tensor<16x40xf32>, tensor<40x24xf32>)
                         outs(%c_f32 : tensor<16x24xf32>) -> tensor<16x24xf32>

  %z_f16_f32 = arith.constant 0.0 : f32
  %e_f16_f32 = tensor.empty() : tensor<16x24xf32>
  %c_f16_f32 = linalg.fill ins(%z_f16_f32 : f32) outs(%e_f16_f32 : tensor<16x24xf32>) -> tensor<16x24xf32>
  %r_f16_f32 = linalg.matmul ins(%a_f16_f32, %b_f16_f32 : tensor<16x40xf16>, tensor<40x24xf16>)
                         outs(%c_f16_f32 : tensor<16x24xf32>) -> tensor<16x24xf32>

  %z_f16 = arith.constant 0.0 : f16
  %e_f16 = tensor.empty() : tensor<16x24xf16>
  %c_f16 = linalg.fill ins(%z_f16 : f16) outs(%e_f16 : tensor<16x24xf16>) -> tensor<16x24xf16>
  %r_f16 = linalg.matmul ins(%a_f16, %b_f16 : tensor<16x40xf16>, tensor<40x24xf16>)
                         outs(%c_f16 : tensor<16x24xf16>) -> tensor<16x24xf16>

  %z_bf16_f32 = arith.constant 0.0 : f32
  %e_bf16_f32 = tensor.empty() : tensor<16x24xf32>
  %c_bf16_f32 = linalg.fill ins(%z_bf16_f32 : f32) outs(%e_bf16_f32 : tensor<16x24xf32>) -> tensor<16x24xf32>
  %r_bf16_f32 = linalg.matmul ins(%a_bf16_f32, %b_bf16_f32 : tensor<16x40xbf16>, tensor<40x24xbf16>)
                         outs(%c_bf16_f32 : tensor<16x24xf32>) -> tensor<16x24xf32>

  return %r_f32, %r_f16_f32, %r_f16, %r_bf16_f32
      : tensor<16x24xf32>, tensor<16x24xf32>, tensor<16x24xf16>,
        tensor<16x24xf32>
}
