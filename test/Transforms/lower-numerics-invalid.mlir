// RUN: ap-opt %s --ap-lower-numerics --split-input-file -verify-diagnostics

func.func @qcast(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
  // expected-error @below {{cannot lower 'quant.qcast': its rounding differs from ap.quantize}}
  %q = quant.qcast %x : tensor<4xf32> to tensor<4x!quant.uniform<i8:f32, 0.5>>
  return %q : tensor<4x!quant.uniform<i8:f32, 0.5>>
}

// -----

func.func @probe(%q: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error @below {{cannot lower 'ap.probe' of a quantized tensor}}
  ap.probe saturation_rate %q id "p" : tensor<4x!quant.uniform<i8:f32, 0.5>>
  return
}

// -----

func.func @fnuz(%x: tensor<4xf32>) -> tensor<4xf8E5M2FNUZ> {
  // expected-error @below {{cannot lower a conversion involving 'f8E5M2FNUZ'}}
  %0 = ap.convert %x : tensor<4xf32> -> tensor<4xf8E5M2FNUZ>
  return %0 : tensor<4xf8E5M2FNUZ>
}
