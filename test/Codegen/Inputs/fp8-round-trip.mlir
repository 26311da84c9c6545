func.func @round_trip(%x: tensor<4x2xf32>, %y: tensor<3x5xf32>)
    -> (tensor<4x2xf32>, tensor<3x5xf32>) {
  %a = ap.convert %x : tensor<4x2xf32> -> tensor<4x2xf8E4M3FN>
  %b = ap.convert %a : tensor<4x2xf8E4M3FN> -> tensor<4x2xf32>
  %c = ap.convert %y : tensor<3x5xf32> -> tensor<3x5xf8E5M2>
  %d = ap.convert %c : tensor<3x5xf8E5M2> -> tensor<3x5xf32>
  return %b, %d : tensor<4x2xf32>, tensor<3x5xf32>
}
