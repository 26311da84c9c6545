// Every encoding of f16, bf16, f8E4M3FN and f8E5M2 converted to f32 (with
// and without saturate) and to each of the other three formats (four
// variants each: nearest_even, nearest_even saturate, toward_zero,
// stochastic seed 11 saturate), for convert-narrow.test. The results are in
// the order convert_narrow.py expects (results()).
//
// Run on Inputs/all-precisions.json: these conversions do not all run on
// the shipped targets (fp8 does not cross the default target's pcie link
// and its host computes at neither f16 nor fp8). The kernels run on the
// default device 'acc'; the inputs and results cross the link 'bus' in
// their own formats.

!f16 = tensor<65536xf16>
!bf16 = tensor<65536xbf16>
!f8E4M3FN = tensor<256xf8E4M3FN>
!f8E5M2 = tensor<256xf8E5M2>

func.func @main(%h: !f16, %b: !bf16, %e4m3: !f8E4M3FN, %e5m2: !f8E5M2) -> (
    tensor<65536xf32>, tensor<65536xf32>, tensor<65536xbf16>, tensor<65536xbf16>,
    tensor<65536xbf16>, tensor<65536xbf16>, tensor<65536xf8E4M3FN>, tensor<65536xf8E4M3FN>,
    tensor<65536xf8E4M3FN>, tensor<65536xf8E4M3FN>, tensor<65536xf8E5M2>, tensor<65536xf8E5M2>,
    tensor<65536xf8E5M2>, tensor<65536xf8E5M2>, tensor<65536xf32>, tensor<65536xf32>,
    tensor<65536xf16>, tensor<65536xf16>, tensor<65536xf16>, tensor<65536xf16>,
    tensor<65536xf8E4M3FN>, tensor<65536xf8E4M3FN>, tensor<65536xf8E4M3FN>, tensor<65536xf8E4M3FN>,
    tensor<65536xf8E5M2>, tensor<65536xf8E5M2>, tensor<65536xf8E5M2>, tensor<65536xf8E5M2>,
    tensor<256xf32>, tensor<256xf32>, tensor<256xf16>, tensor<256xf16>,
    tensor<256xf16>, tensor<256xf16>, tensor<256xbf16>, tensor<256xbf16>,
    tensor<256xbf16>, tensor<256xbf16>, tensor<256xf8E5M2>, tensor<256xf8E5M2>,
    tensor<256xf8E5M2>, tensor<256xf8E5M2>, tensor<256xf32>, tensor<256xf32>,
    tensor<256xf16>, tensor<256xf16>, tensor<256xf16>, tensor<256xf16>,
    tensor<256xbf16>, tensor<256xbf16>, tensor<256xbf16>, tensor<256xbf16>,
    tensor<256xf8E4M3FN>, tensor<256xf8E4M3FN>, tensor<256xf8E4M3FN>, tensor<256xf8E4M3FN>) {
  %h_f32_0 = ap.convert %h : !f16 -> tensor<65536xf32>
  %h_f32_1 = ap.convert %h saturate : !f16 -> tensor<65536xf32>
  %h_b_0 = ap.convert %h : !f16 -> tensor<65536xbf16>
  %h_b_1 = ap.convert %h saturate : !f16 -> tensor<65536xbf16>
  %h_b_2 = ap.convert %h rounding toward_zero : !f16 -> tensor<65536xbf16>
  %h_b_3 = ap.convert %h rounding stochastic seed 11 saturate : !f16 -> tensor<65536xbf16>
  %h_e4m3_0 = ap.convert %h : !f16 -> tensor<65536xf8E4M3FN>
  %h_e4m3_1 = ap.convert %h saturate : !f16 -> tensor<65536xf8E4M3FN>
  %h_e4m3_2 = ap.convert %h rounding toward_zero : !f16 -> tensor<65536xf8E4M3FN>
  %h_e4m3_3 = ap.convert %h rounding stochastic seed 11 saturate : !f16 -> tensor<65536xf8E4M3FN>
  %h_e5m2_0 = ap.convert %h : !f16 -> tensor<65536xf8E5M2>
  %h_e5m2_1 = ap.convert %h saturate : !f16 -> tensor<65536xf8E5M2>
  %h_e5m2_2 = ap.convert %h rounding toward_zero : !f16 -> tensor<65536xf8E5M2>
  %h_e5m2_3 = ap.convert %h rounding stochastic seed 11 saturate : !f16 -> tensor<65536xf8E5M2>

  %b_f32_0 = ap.convert %b : !bf16 -> tensor<65536xf32>
  %b_f32_1 = ap.convert %b saturate : !bf16 -> tensor<65536xf32>
  %b_h_0 = ap.convert %b : !bf16 -> tensor<65536xf16>
  %b_h_1 = ap.convert %b saturate : !bf16 -> tensor<65536xf16>
  %b_h_2 = ap.convert %b rounding toward_zero : !bf16 -> tensor<65536xf16>
  %b_h_3 = ap.convert %b rounding stochastic seed 11 saturate : !bf16 -> tensor<65536xf16>
  %b_e4m3_0 = ap.convert %b : !bf16 -> tensor<65536xf8E4M3FN>
  %b_e4m3_1 = ap.convert %b saturate : !bf16 -> tensor<65536xf8E4M3FN>
  %b_e4m3_2 = ap.convert %b rounding toward_zero : !bf16 -> tensor<65536xf8E4M3FN>
  %b_e4m3_3 = ap.convert %b rounding stochastic seed 11 saturate : !bf16 -> tensor<65536xf8E4M3FN>
  %b_e5m2_0 = ap.convert %b : !bf16 -> tensor<65536xf8E5M2>
  %b_e5m2_1 = ap.convert %b saturate : !bf16 -> tensor<65536xf8E5M2>
  %b_e5m2_2 = ap.convert %b rounding toward_zero : !bf16 -> tensor<65536xf8E5M2>
  %b_e5m2_3 = ap.convert %b rounding stochastic seed 11 saturate : !bf16 -> tensor<65536xf8E5M2>

  %e4m3_f32_0 = ap.convert %e4m3 : !f8E4M3FN -> tensor<256xf32>
  %e4m3_f32_1 = ap.convert %e4m3 saturate : !f8E4M3FN -> tensor<256xf32>
  %e4m3_h_0 = ap.convert %e4m3 : !f8E4M3FN -> tensor<256xf16>
  %e4m3_h_1 = ap.convert %e4m3 saturate : !f8E4M3FN -> tensor<256xf16>
  %e4m3_h_2 = ap.convert %e4m3 rounding toward_zero : !f8E4M3FN -> tensor<256xf16>
  %e4m3_h_3 = ap.convert %e4m3 rounding stochastic seed 11 saturate : !f8E4M3FN -> tensor<256xf16>
  %e4m3_b_0 = ap.convert %e4m3 : !f8E4M3FN -> tensor<256xbf16>
  %e4m3_b_1 = ap.convert %e4m3 saturate : !f8E4M3FN -> tensor<256xbf16>
  %e4m3_b_2 = ap.convert %e4m3 rounding toward_zero : !f8E4M3FN -> tensor<256xbf16>
  %e4m3_b_3 = ap.convert %e4m3 rounding stochastic seed 11 saturate : !f8E4M3FN -> tensor<256xbf16>
  %e4m3_e5m2_0 = ap.convert %e4m3 : !f8E4M3FN -> tensor<256xf8E5M2>
  %e4m3_e5m2_1 = ap.convert %e4m3 saturate : !f8E4M3FN -> tensor<256xf8E5M2>
  %e4m3_e5m2_2 = ap.convert %e4m3 rounding toward_zero : !f8E4M3FN -> tensor<256xf8E5M2>
  %e4m3_e5m2_3 = ap.convert %e4m3 rounding stochastic seed 11 saturate : !f8E4M3FN -> tensor<256xf8E5M2>

  %e5m2_f32_0 = ap.convert %e5m2 : !f8E5M2 -> tensor<256xf32>
  %e5m2_f32_1 = ap.convert %e5m2 saturate : !f8E5M2 -> tensor<256xf32>
  %e5m2_h_0 = ap.convert %e5m2 : !f8E5M2 -> tensor<256xf16>
  %e5m2_h_1 = ap.convert %e5m2 saturate : !f8E5M2 -> tensor<256xf16>
  %e5m2_h_2 = ap.convert %e5m2 rounding toward_zero : !f8E5M2 -> tensor<256xf16>
  %e5m2_h_3 = ap.convert %e5m2 rounding stochastic seed 11 saturate : !f8E5M2 -> tensor<256xf16>
  %e5m2_b_0 = ap.convert %e5m2 : !f8E5M2 -> tensor<256xbf16>
  %e5m2_b_1 = ap.convert %e5m2 saturate : !f8E5M2 -> tensor<256xbf16>
  %e5m2_b_2 = ap.convert %e5m2 rounding toward_zero : !f8E5M2 -> tensor<256xbf16>
  %e5m2_b_3 = ap.convert %e5m2 rounding stochastic seed 11 saturate : !f8E5M2 -> tensor<256xbf16>
  %e5m2_e4m3_0 = ap.convert %e5m2 : !f8E5M2 -> tensor<256xf8E4M3FN>
  %e5m2_e4m3_1 = ap.convert %e5m2 saturate : !f8E5M2 -> tensor<256xf8E4M3FN>
  %e5m2_e4m3_2 = ap.convert %e5m2 rounding toward_zero : !f8E5M2 -> tensor<256xf8E4M3FN>
  %e5m2_e4m3_3 = ap.convert %e5m2 rounding stochastic seed 11 saturate : !f8E5M2 -> tensor<256xf8E4M3FN>
  return
      %h_f32_0, %h_f32_1, %h_b_0, %h_b_1, %h_b_2, %h_b_3, %h_e4m3_0,
      %h_e4m3_1, %h_e4m3_2, %h_e4m3_3, %h_e5m2_0, %h_e5m2_1, %h_e5m2_2, %h_e5m2_3,
      %b_f32_0, %b_f32_1, %b_h_0, %b_h_1, %b_h_2, %b_h_3, %b_e4m3_0,
      %b_e4m3_1, %b_e4m3_2, %b_e4m3_3, %b_e5m2_0, %b_e5m2_1, %b_e5m2_2, %b_e5m2_3,
      %e4m3_f32_0, %e4m3_f32_1, %e4m3_h_0, %e4m3_h_1, %e4m3_h_2, %e4m3_h_3, %e4m3_b_0,
      %e4m3_b_1, %e4m3_b_2, %e4m3_b_3, %e4m3_e5m2_0, %e4m3_e5m2_1, %e4m3_e5m2_2, %e4m3_e5m2_3,
      %e5m2_f32_0, %e5m2_f32_1, %e5m2_h_0, %e5m2_h_1, %e5m2_h_2, %e5m2_h_3, %e5m2_b_0,
      %e5m2_b_1, %e5m2_b_2, %e5m2_b_3, %e5m2_e4m3_0, %e5m2_e4m3_1, %e5m2_e4m3_2, %e5m2_e4m3_3 :
    tensor<65536xf32>, tensor<65536xf32>, tensor<65536xbf16>, tensor<65536xbf16>,
    tensor<65536xbf16>, tensor<65536xbf16>, tensor<65536xf8E4M3FN>, tensor<65536xf8E4M3FN>,
    tensor<65536xf8E4M3FN>, tensor<65536xf8E4M3FN>, tensor<65536xf8E5M2>, tensor<65536xf8E5M2>,
    tensor<65536xf8E5M2>, tensor<65536xf8E5M2>, tensor<65536xf32>, tensor<65536xf32>,
    tensor<65536xf16>, tensor<65536xf16>, tensor<65536xf16>, tensor<65536xf16>,
    tensor<65536xf8E4M3FN>, tensor<65536xf8E4M3FN>, tensor<65536xf8E4M3FN>, tensor<65536xf8E4M3FN>,
    tensor<65536xf8E5M2>, tensor<65536xf8E5M2>, tensor<65536xf8E5M2>, tensor<65536xf8E5M2>,
    tensor<256xf32>, tensor<256xf32>, tensor<256xf16>, tensor<256xf16>,
    tensor<256xf16>, tensor<256xf16>, tensor<256xbf16>, tensor<256xbf16>,
    tensor<256xbf16>, tensor<256xbf16>, tensor<256xf8E5M2>, tensor<256xf8E5M2>,
    tensor<256xf8E5M2>, tensor<256xf8E5M2>, tensor<256xf32>, tensor<256xf32>,
    tensor<256xf16>, tensor<256xf16>, tensor<256xf16>, tensor<256xf16>,
    tensor<256xbf16>, tensor<256xbf16>, tensor<256xbf16>, tensor<256xbf16>,
    tensor<256xf8E4M3FN>, tensor<256xf8E4M3FN>, tensor<256xf8E4M3FN>, tensor<256xf8E4M3FN>
}
