// RUN: ap-opt %s -o /dev/null
// The examples of the op and attribute descriptions (docs/generated), copied
// verbatim into functions that define the values they use, so that the
// documentation only shows IR that parses and verifies.

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu0", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>,
                                      #ap.memory<"dram", capacity = 1073741824>],
                          clock = 1.0e+09>],
    links = [#ap.link<"pcie", @cpu -> @npu0, bidirectional, latency = 1.0e-06,
                      bandwidth = 1.6e+10, wire = [f32, f16, bf16, f8E4M3FN], converts>],
    host = "cpu", default = "npu0">,
  doc.memory = #ap.memory<"sram", capacity = 1048576, bandwidth = 1.0e+12,
                          energy_per_byte = 1.0e-12>,
  doc.device = #ap.device<"npu0", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>,
                                      #ap.memory<"dram", capacity = 1073741824>],
                          clock = 1.0e+09>,
  doc.target = #ap.target<devices = [#ap.device<"cpu", host, precisions = [f32]>,
                                     #ap.device<"npu", accelerator, precisions = [f16]>],
                          links = [#ap.link<"pcie", @cpu -> @npu, bidirectional>],
                          host = "cpu", default = "npu">} {

func.func @quantize(%x: tensor<4xf32>, %k: tensor<2x3xf32>) {
  %q = ap.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
  %w = ap.quantize %k : tensor<2x3xf32>
         -> tensor<2x3x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
  return
}

func.func @dequantize(%q: tensor<4x!quant.uniform<u8:f32, 0.5:128>>) {
  %x = ap.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.5:128>> -> tensor<4xf32>
  return
}

func.func @convert(%x: tensor<8xf32>) {
  %h = ap.convert %x : tensor<8xf32> -> tensor<8xf16>
  %e = ap.convert %x rounding toward_zero saturate : tensor<8xf32> -> tensor<8xf8E4M3FN>
  %s = ap.convert %x rounding stochastic seed 42 : tensor<8xf32> -> tensor<8xbf16>
  return
}

func.func @transfer(%x: tensor<64xf32>) {
  %y = ap.transfer %x from @cpu to @npu0::@sram via @pcie wire f16
         : tensor<64xf32> -> tensor<64xf32>
  return
}

func.func @placement(%x: tensor<4xf32>, %w: tensor<4xf32>) -> tensor<4xf32> {
    %r = ap.placement on @npu0 (%a = %x, %b = %w)
           : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> {
      %e = tensor.empty() : tensor<4xf32>
      %s = linalg.add ins(%a, %b : tensor<4xf32>, tensor<4xf32>)
                      outs(%e : tensor<4xf32>) -> tensor<4xf32>
      ap.yield %s : tensor<4xf32>
    }
  return %r : tensor<4xf32>
}

func.func @adaptive(%x: tensor<4xf32>) -> tensor<4xf32> {
    %r = ap.adaptive "fc1" default 0 losses [0.0, 1.5e-3] (%x)
        : (tensor<4xf32>) -> tensor<4xf32>
    variant f32 {
    ^bb0(%a: tensor<4xf32>):
      ap.yield %a : tensor<4xf32>
    }
    variant f16 {
    ^bb0(%a: tensor<4xf32>):
      %h = ap.convert %a : tensor<4xf32> -> tensor<4xf16>
      %f = ap.convert %h : tensor<4xf16> -> tensor<4xf32>
      ap.yield %f : tensor<4xf32>
    }
  return %r : tensor<4xf32>
}

func.func @monitors(%x: tensor<1x8x8x16xf32>, %h: tensor<64xf16>, %x64: tensor<64xf32>,
                    %q: tensor<64x!quant.uniform<i8:f32, 0.1>>) {
  %y = ap.observe %x id "conv1.out" : tensor<1x8x8x16xf32>
  ap.probe sqnr %h reference %x64 id "fc1.sqnr" sample_rate 0.125
      : tensor<64xf16>, tensor<64xf32>
  ap.probe saturation_rate %q id "fc1.sat" : tensor<64x!quant.uniform<i8:f32, 0.1>>
  ap.probe sqnr %x64 as !quant.uniform<i8:f32, 0.05:-3> id "fc1.in.i8"
      for "fc1" sample_rate 0.0625 : tensor<64xf32>
  return
}

}
