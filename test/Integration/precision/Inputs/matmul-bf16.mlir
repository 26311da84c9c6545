// linalg.matmul 16x40 * 40x24 with bf16 operands accumulating in bf16, for
// matmul-bf16.test (Inputs/kernels.py, variant bf16). No ap.target: it
// runs on the default target's gpu, which computes at bf16. The products
// and sums are computed in bf16 (on the host: in f32, rounded to bf16).

func.func @main(%a_bf16: tensor<16x40xbf16>, %b_bf16: tensor<40x24xbf16>)
    -> tensor<16x24xbf16> {
  %z_bf16 = arith.constant 0.0 : bf16
  %e_bf16 = tensor.empty() : tensor<16x24xbf16>
  %c_bf16 = linalg.fill ins(%z_bf16 : bf16) outs(%e_bf16 : tensor<16x24xbf16>) -> tensor<16x24xbf16>
  %r_bf16 = linalg.matmul ins(%a_bf16, %b_bf16 : tensor<16x40xbf16>, tensor<40x24xbf16>)
                         outs(%c_bf16 : tensor<16x24xbf16>) -> tensor<16x24xbf16>
  return %r_bf16 : tensor<16x24xbf16>
}
