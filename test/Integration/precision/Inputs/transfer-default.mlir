// ap.transfer with a wire precision on the builtin default target, for
// transfer.test: f32 data to the gpu over pcie at f16 and at bf16 (pcie
// does not convert: the host converts before sending and the gpu on
// arrival) and to the npu over m2 at f16 (m2 converts on the fly). The
// results come back to the host as f32, unconverted. The order of the
// results is RESULTS_DEFAULT in transfer.py.

!x = tensor<67x275xf32>
func.func @main(%x: !x) -> (!x, !x, !x) {
  %a = ap.transfer %x from @cpu to @gpu via @pcie wire f16 : !x -> !x
  %b = ap.transfer %x from @cpu to @gpu via @pcie wire bf16 : !x -> !x
  %c = ap.transfer %x from @cpu to @npu via @m2 wire f16 : !x -> !x
  return %a, %b, %c : !x, !x, !x
}
