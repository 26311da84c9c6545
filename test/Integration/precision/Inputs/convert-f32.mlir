// f32 -> f16, bf16, f8E4M3FN, f8E5M2 with every rounding mode of ap.convert,
// with and without saturate, for convert-f32.test. Six results per format,
// in the order convert_f32.py expects (VARIANTS): nearest_even, the same
// with saturate, toward_zero, with saturate, stochastic seed 42, stochastic
// seed 7 with saturate.
//
// The values are a 67 x 275 array: stochastic rounding numbers the elements
// in row-major order, across the partial tiles of the vectorized code.
//
// No ap.target: ap-run simulates the builtin default target. The f16 and
// bf16 conversions run on its default device, the gpu, and their results
// come back to the host over pcie, which carries f16 and bf16. pcie does not
// carry fp8, so the fp8 conversions are placed on the host cpu, where the
// results already are.

!x = tensor<67x275xf32>
!f16 = tensor<67x275xf16>
!bf16 = tensor<67x275xbf16>
!e4m3 = tensor<67x275xf8E4M3FN>
!e5m2 = tensor<67x275xf8E5M2>

func.func @main(%x: !x) -> (
    !f16, !f16, !f16, !f16, !f16, !f16, !bf16, !bf16, !bf16, !bf16, !bf16, !bf16,
    !e4m3, !e4m3, !e4m3, !e4m3, !e4m3, !e4m3, !e5m2, !e5m2, !e5m2, !e5m2, !e5m2, !e5m2) {
  %h0 = ap.convert %x : !x -> !f16
  %h1 = ap.convert %x saturate : !x -> !f16
  %h2 = ap.convert %x rounding toward_zero : !x -> !f16
  %h3 = ap.convert %x rounding toward_zero saturate : !x -> !f16
  %h4 = ap.convert %x rounding stochastic seed 42 : !x -> !f16
  %h5 = ap.convert %x rounding stochastic seed 7 saturate : !x -> !f16
  %b0 = ap.convert %x : !x -> !bf16
  %b1 = ap.convert %x saturate : !x -> !bf16
  %b2 = ap.convert %x rounding toward_zero : !x -> !bf16
  %b3 = ap.convert %x rounding toward_zero saturate : !x -> !bf16
  %b4 = ap.convert %x rounding stochastic seed 42 : !x -> !bf16
  %b5 = ap.convert %x rounding stochastic seed 7 saturate : !x -> !bf16
  %e:12 = ap.placement on @cpu (%a = %x) : (!x) -> (
      !e4m3, !e4m3, !e4m3, !e4m3, !e4m3, !e4m3, !e5m2, !e5m2, !e5m2, !e5m2, !e5m2, !e5m2) {
    %e4m3_0 = ap.convert %a : !x -> !e4m3
    %e4m3_1 = ap.convert %a saturate : !x -> !e4m3
    %e4m3_2 = ap.convert %a rounding toward_zero : !x -> !e4m3
    %e4m3_3 = ap.convert %a rounding toward_zero saturate : !x -> !e4m3
    %e4m3_4 = ap.convert %a rounding stochastic seed 42 : !x -> !e4m3
    %e4m3_5 = ap.convert %a rounding stochastic seed 7 saturate : !x -> !e4m3
    %e5m2_0 = ap.convert %a : !x -> !e5m2
    %e5m2_1 = ap.convert %a saturate : !x -> !e5m2
    %e5m2_2 = ap.convert %a rounding toward_zero : !x -> !e5m2
    %e5m2_3 = ap.convert %a rounding toward_zero saturate : !x -> !e5m2
    %e5m2_4 = ap.convert %a rounding stochastic seed 42 : !x -> !e5m2
    %e5m2_5 = ap.convert %a rounding stochastic seed 7 saturate : !x -> !e5m2
    ap.yield %e4m3_0, %e4m3_1, %e4m3_2, %e4m3_3, %e4m3_4, %e4m3_5, %e5m2_0, %e5m2_1, %e5m2_2, %e5m2_3, %e5m2_4, %e5m2_5 :
        !e4m3, !e4m3, !e4m3, !e4m3, !e4m3, !e4m3, !e5m2, !e5m2, !e5m2, !e5m2, !e5m2, !e5m2
  }
  return %h0, %h1, %h2, %h3, %h4, %h5, %b0, %b1, %b2, %b3, %b4, %b5,
         %e#0, %e#1, %e#2, %e#3, %e#4, %e#5, %e#6, %e#7, %e#8, %e#9, %e#10, %e#11 :
    !f16, !f16, !f16, !f16, !f16, !f16, !bf16, !bf16, !bf16, !bf16, !bf16, !bf16,
    !e4m3, !e4m3, !e4m3, !e4m3, !e4m3, !e4m3, !e5m2, !e5m2, !e5m2, !e5m2, !e5m2, !e5m2
}
