func.func @f(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2xf16>) {
  %e = tensor.empty() : tensor<2x2xf32>
  %m = linalg.matmul ins(%x, %x : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %c = arith.constant dense<[1.0, 65520.0]> : tensor<2xf32>
  %h = ap.convert %c : tensor<2xf32> -> tensor<2xf16>
  return %m, %h : tensor<2x2xf32>, tensor<2xf16>
}
