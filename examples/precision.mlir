// A tour of the ap dialect on a two-accelerator target: the weights of a
// tiny layer are converted and quantized (folded exactly at compile time),
// the activation crosses a slow link at a narrower wire precision, and the
// layer runs in a placement region on the accelerator.
module attributes {ap.target = #ap.target<
    devices = [
      #ap.device<"cpu", host, precisions = [f32],
                 memories = [#ap.memory<"dram", capacity = 8589934592>]>,
      #ap.device<"npu", accelerator, precisions = [f16, i8],
                 memories = [#ap.memory<"sram", capacity = 2097152>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 2.0e-6,
                      bandwidth = 8.0e9, wire = [f32, f16, bf16]>],
    host = "cpu", default = "npu">} {
  func.func @layer(%x: tensor<1x4xf32>) -> (tensor<1x2xf32>, tensor<4x2xf16>) {
    %w = arith.constant dense<[[0.1, -0.2], [0.3, 65520.0], [1.0e-8, 0.5], [2.5, -3.75]]> : tensor<4x2xf32>
    // f32 -> f16, round to nearest even: 65520 overflows to +inf, 1e-8 to 0.
    %wh = ap.convert %w : tensor<4x2xf32> -> tensor<4x2xf16>
    // f32 -> int8 per output channel (axis 1), scale per column.
    %wq = ap.quantize %w : tensor<4x2xf32> -> tensor<4x2x!quant.uniform<i8:f32:1, {0.025, 0.05}>>
    %xs = ap.transfer %x from @cpu to @npu::@sram via @pcie wire f16 : tensor<1x4xf32> -> tensor<1x4xf32>
    %y = ap.placement on @npu (%a = %xs, %b = %wq) : (tensor<1x4xf32>, tensor<4x2x!quant.uniform<i8:f32:1, {0.025, 0.05}>>) -> tensor<1x2xf32> {
      %wd = ap.dequantize %b : tensor<4x2x!quant.uniform<i8:f32:1, {0.025, 0.05}>> -> tensor<4x2xf32>
      %zero = arith.constant 0.0 : f32
      %e = tensor.empty() : tensor<1x2xf32>
      %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2xf32>) -> tensor<1x2xf32>
      %m = linalg.matmul ins(%a, %wd : tensor<1x4xf32>, tensor<4x2xf32>) outs(%f : tensor<1x2xf32>) -> tensor<1x2xf32>
      ap.yield %m : tensor<1x2xf32>
    }
    return %y, %wh : tensor<1x2xf32>, tensor<4x2xf16>
  }
}
