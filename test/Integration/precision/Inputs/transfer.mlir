// ap.transfer with a wire precision and with an arrival conversion, for
// transfer.test. The runtime's DMA converts the data (precision-aware DMA,
// docs/runtime.md: round to nearest even, saturating, NaN to the quiet NaN
// of its sign), source -> wire -> destination. The order of the results is
// RESULTS in transfer.py.
//
// On Inputs/all-precisions.json: its link 'bus' carries every format and
// does not convert, so the devices convert before sending and on arrival.
// The results stay on 'acc' and come back to the host unconverted.

!x = tensor<67x275xf32>
func.func @main(%x: !x)
    -> (!x, !x, !x, !x, tensor<67x275xf16>, tensor<67x275xbf16>,
        tensor<67x275xf8E4M3FN>, tensor<67x275xf8E5M2>) {
  // f32 -> wire -> f32.
  %a = ap.transfer %x from @cpu to @acc via @bus wire f16 : !x -> !x
  %b = ap.transfer %x from @cpu to @acc via @bus wire bf16 : !x -> !x
  %c = ap.transfer %x from @cpu to @acc via @bus wire f8E4M3FN : !x -> !x
  %d = ap.transfer %x from @cpu to @acc via @bus wire f8E5M2 : !x -> !x
  // f32 -> (no wire) -> narrow destination.
  %e = ap.transfer %x from @cpu to @acc : !x -> tensor<67x275xf16>
  %f = ap.transfer %x from @cpu to @acc : !x -> tensor<67x275xbf16>
  %g = ap.transfer %x from @cpu to @acc : !x -> tensor<67x275xf8E4M3FN>
  // f32 -> f16 -> f8E5M2: two roundings.
  %h = ap.transfer %x from @cpu to @acc wire f16 : !x -> tensor<67x275xf8E5M2>
  return %a, %b, %c, %d, %e, %f, %g, %h
      : !x, !x, !x, !x, tensor<67x275xf16>, tensor<67x275xbf16>,
        tensor<67x275xf8E4M3FN>, tensor<67x275xf8E5M2>
}
