// RUN: ap-opt %s -split-input-file -verify-diagnostics

// Every verifier message of the ap operations.

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{expects a uniform quantized element type (per tensor or per axis), got '!quant.any<i8:f32>'}}
  %q = ap.quantize %x : tensor<4xf32> -> tensor<4x!quant.any<i8:f32>>
  return
}

// -----

func.func @f(%x: tensor<4xf16>) {
  // expected-error @+1 {{expressed type 'f32' of '!quant.uniform<i8:f32, 5.000000e-01>' does not match the floating-point element type 'f16'}}
  %q = ap.quantize %x : tensor<4xf16> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{failed to verify that all of {input, result} have same shape}}
  %q = ap.quantize %x : tensor<4xf32> -> tensor<5x!quant.uniform<i8:f32, 0.5>>
  return
}

// -----

func.func @f(%x: tensor<4xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of floating-point values}}
  %q = ap.quantize %x : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{quantized dimension 2 is out of range for a tensor of rank 2}}
  %q = ap.quantize %x : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32:2, {0.5, 0.5}>>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{quantized dimension 1 has size 3 but the type has 2 scales}}
  %q = ap.quantize %x : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32:1, {0.5, 0.5}>>
  return
}

// -----

func.func @f(%x: tensor<4xf16>) {
  // The quant dialect checks the scale against the expressed type when parsing.
  // expected-error @+1 {{scale 1.000000e+10 out of expressed type range}}
  %q = ap.quantize %x : tensor<4xf16> -> tensor<4x!quant.uniform<i8:f16, 1.0e10>>
  return
}

// -----

func.func @f(%x: tensor<4xf16>) {
  // expected-error @+1 {{scale 1.000000e-10 out of expressed type range}}
  %q = ap.quantize %x : tensor<4xf16> -> tensor<4x!quant.uniform<i8:f16, 1.0e-10>>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{zero point 200 is outside the storage range [-128, 127]}}
  %q = ap.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:200>>
  return
}

// -----

func.func @f(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{zero point #1 -1 is outside the storage range [0, 255]}}
  %q = ap.quantize %x : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<u8:f32:0, {0.5:0, 0.5:-1}>>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{zero point 127 is outside the storage range [-100, 100]}}
  %q = ap.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8<-100:100>:f32, 0.5:127>>
  return
}

// -----

func.func @f(%q: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error @+1 {{expressed type 'f32' of '!quant.uniform<i8:f32, 5.000000e-01>' does not match the floating-point element type 'bf16'}}
  %x = ap.dequantize %q : tensor<4x!quant.uniform<i8:f32, 0.5>> -> tensor<4xbf16>
  return
}

// -----

func.func @f(%q: tensor<4xi8>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of quantized values}}
  %x = ap.dequantize %q : tensor<4xi8> -> tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{stochastic rounding needs a 'seed'}}
  %y = ap.convert %x rounding stochastic : tensor<4xf32> -> tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'seed' is only meaningful with stochastic rounding}}
  %y = ap.convert %x rounding toward_zero seed 3 : tensor<4xf32> -> tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{result element type 'f4E2M1FN' is not supported: conversions need a format with NaN and negative values}}
  %y = ap.convert %x : tensor<4xf32> -> tensor<4xf4E2M1FN>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{failed to verify that all of {input, result} have same shape}}
  %y = ap.convert %x : tensor<4xf32> -> tensor<2x2xf16>
  return
}

// -----

func.func @f(%x: tensor<4xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of floating-point values}}
  %y = ap.convert %x : tensor<4xi32> -> tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{result element type 'i8' must equal the input element type 'f32' unless both are floating-point}}
  %y = ap.transfer %x from @a to @b : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{transfers from @a to itself}}
  %y = ap.transfer %x from @a to @a : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{endpoint @a::@b::@c must be @device or @device::@memory_tier}}
  %y = ap.transfer %x from @a::@b::@c to @a : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @f(%q: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error @+1 {{a wire precision needs a floating-point tensor; '!quant.uniform<i8:f32, 5.000000e-01>' values cross the link in their own type}}
  %y = ap.transfer %q from @a to @b wire f16 : tensor<4x!quant.uniform<i8:f32, 0.5>> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{wire precision 'i8' is not a floating-point format; quantize the tensor before the transfer instead}}
  %y = ap.transfer %x from @a to @b wire i8 : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1024>]>,
               #ap.device<"npu", accelerator, precisions = [f16]>,
               #ap.device<"dsp", accelerator, precisions = [i8]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>,
             #ap.link<"duplex", @cpu -> @dsp, bidirectional>],
    host = "cpu", default = "npu">} {
  func.func @f(%x: tensor<4xf32>) {
    // expected-error @+1 {{'ap.transfer' op source names unknown device 'gpu'}}
    %y = ap.transfer %x from @gpu to @npu : tensor<4xf32> -> tensor<4xf32>
    return
  }
  func.func @g(%x: tensor<4xf32>) {
    // expected-error @+1 {{'ap.transfer' op destination names unknown memory tier 'sram' of device 'cpu'}}
    %y = ap.transfer %x from @npu to @cpu::@sram : tensor<4xf32> -> tensor<4xf32>
    return
  }
  func.func @h(%x: tensor<4xf32>) {
    // expected-error @+1 {{'ap.transfer' op names unknown link 'nvlink'}}
    %y = ap.transfer %x from @cpu to @npu via @nvlink : tensor<4xf32> -> tensor<4xf32>
    return
  }
  func.func @i(%x: tensor<4xf32>) {
    // A one-way link does not carry data back.
    // expected-error @+1 {{'ap.transfer' op link 'pcie' does not connect @npu to @cpu}}
    %y = ap.transfer %x from @npu to @cpu via @pcie : tensor<4xf32> -> tensor<4xf32>
    return
  }
  func.func @j(%x: tensor<4xf32>) {
    // expected-error @+1 {{'ap.transfer' op link 'pcie' does not support wire precision 'bf16'}}
    %y = ap.transfer %x from @cpu to @npu via @pcie wire bf16 : tensor<4xf32> -> tensor<4xf32>
    return
  }
  func.func @k(%x: tensor<4xf32>) {
    // expected-error @+1 {{'ap.transfer' op link 'duplex' does not connect @npu to @dsp}}
    %y = ap.transfer %x from @npu to @dsp via @duplex : tensor<4xf32> -> tensor<4xf32>
    return
  }
  func.func @l(%x: tensor<4xf32>) -> tensor<4xf32> {
    // expected-error @+1 {{'ap.placement' op placement names unknown device 'tpu'}}
    %r = ap.placement on @tpu (%a = %x) : (tensor<4xf32>) -> tensor<4xf32> {
      ap.yield %a : tensor<4xf32>
    }
    return %r : tensor<4xf32>
  }
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf16> {
  %r = ap.placement on @npu (%a = %x) : (tensor<4xf32>) -> tensor<4xf16> {
    // expected-error @+1 {{'ap.yield' op yields (tensor<4xf32>) but the parent returns (tensor<4xf16>)}}
    ap.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf16>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'ap.placement' op body has arguments of types (tensor<4xf16>) but the operands have types (tensor<4xf32>)}}
  %r = "ap.placement"(%x) <{device = @npu}> ({
  ^bb0(%a: tensor<4xf16>):
    "ap.yield"(%a) : (tensor<4xf16>) -> ()
  }) : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-note @+1 {{required by region isolation constraints}}
  %r = ap.placement on @npu () : () -> tensor<4xf32> {
    // expected-error @+1 {{using value defined outside the region}}
    ap.yield %x : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{the signature has 2 inputs but 1 operands are given}}
  ap.placement on @npu (%a = %x) : (tensor<4xf32>, tensor<4xf32>) -> () {
    ap.yield
  }
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{'ap.yield' op expects parent op to be one of 'ap.placement, ap.adaptive'}}
  ap.yield
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'ap.adaptive' op needs a non-empty id}}
  %r = ap.adaptive "" default 0 (%x) : (tensor<4xf32>) -> tensor<4xf32>
  variant f32 {
  ^bb0(%a: tensor<4xf32>):
    ap.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'ap.adaptive' op needs at least one variant}}
  ap.adaptive "a" default 0 (%x) : (tensor<4xf32>) -> ()
  return
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'ap.adaptive' op default variant 2 is out of range [0, 2)}}
  %r = ap.adaptive "a" default 2 (%x) : (tensor<4xf32>) -> tensor<4xf32>
  variant f32 {
  ^bb0(%a: tensor<4xf32>):
    ap.yield %a : tensor<4xf32>
  }
  variant f16 {
  ^bb0(%a: tensor<4xf32>):
    ap.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'ap.adaptive' op has two variants of precision 'f16'}}
  %r = ap.adaptive "a" default 0 (%x) : (tensor<4xf32>) -> tensor<4xf32>
  variant f16 {
  ^bb0(%a: tensor<4xf32>):
    ap.yield %a : tensor<4xf32>
  }
  variant f16 {
  ^bb0(%a: tensor<4xf32>):
    ap.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'ap.adaptive' op has 1 regions but 2 variant precisions}}
  %r = "ap.adaptive"(%x) <{id = "a", variants = [#ap.precision<f32>, #ap.precision<f16>], defaultVariant = 0 : i64}> ({
  ^bb0(%a: tensor<4xf32>):
    "ap.yield"(%a) : (tensor<4xf32>) -> ()
  }) : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'ap.adaptive' op variant 'i8' has arguments of types () but the operands have types (tensor<4xf32>)}}
  %r = ap.adaptive "a" default 0 (%x) : (tensor<4xf32>) -> tensor<4xf32>
  variant f32 {
  ^bb0(%a: tensor<4xf32>):
    ap.yield %a : tensor<4xf32>
  }
  variant i8 {
    %c = arith.constant dense<0.0> : tensor<4xf32>
    ap.yield %c : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{unknown precision 'f64'}}
  %r = ap.adaptive "a" default 0 (%x) : (tensor<4xf32>) -> tensor<4xf32> variant f64 {
  ^bb0(%a: tensor<4xf32>):
    ap.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'ap.observe' op needs a non-empty id}}
  %y = ap.observe %x id "" : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xi32>) {
  // expected-error @+1 {{'ap.observe' op observes floating-point or quantized tensors, got 'tensor<4xi32>'}}
  %y = ap.observe %x id "x" : tensor<4xi32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'ap.probe' op sample rate must be in (0, 1], got 0}}
  ap.probe variance %x id "p" sample_rate 0.0 : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'ap.probe' op sample rate must be in (0, 1], got 1.5}}
  ap.probe variance %x id "p" sample_rate 1.5 : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'ap.probe' op needs a non-empty id}}
  ap.probe variance %x id "" : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf16>) {
  // expected-error @+1 {{'ap.probe' op metric 'sqnr' needs a reference value}}
  ap.probe sqnr %x id "p" : tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf16>, %r: tensor<4xf32>) {
  // expected-error @+1 {{'ap.probe' op metric 'entropy' takes no reference}}
  ap.probe entropy %x reference %r id "p" : tensor<4xf16>, tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf16>, %r: tensor<8xf32>) {
  // expected-error @+1 {{'ap.probe' op reference shape must equal the input shape}}
  ap.probe sqnr %x reference %r id "p" : tensor<4xf16>, tensor<8xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf16>, %r: tensor<4xi32>) {
  // expected-error @+1 {{'ap.probe' op reference must be a floating-point or quantized tensor, got 'tensor<4xi32>'}}
  ap.probe sqnr %x reference %r id "p" : tensor<4xf16>, tensor<4xi32>
  return
}

// -----

func.func @f(%x: tensor<4xi1>) {
  // expected-error @+1 {{'ap.probe' op probes floating-point or quantized tensors, got 'tensor<4xi1>'}}
  ap.probe saturation_rate %x id "p" : tensor<4xi1>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'device' is set by the op's syntax, not in its attributes}}
  ap.placement on @npu (%a = %x) : (tensor<4xf32>) -> () attributes {device = @gpu} {
    ap.yield
  }
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{'id' is set by the op's syntax, not in its attributes}}
  ap.adaptive "a" default 0 () : () -> () attributes {id = "b"} variant f32 {
    ap.yield
  }
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'ap.transfer' op result element type 'f4E2M1FN' is not supported: conversions need a format with NaN and negative values}}
  %y = ap.transfer %x from @a to @b : tensor<4xf32> -> tensor<4xf4E2M1FN>
  return
}

// -----

// Moving values of a format without NaN is fine when nothing is converted.
func.func @f(%x: tensor<4xf4E2M1FN>) {
  %y = ap.transfer %x from @a to @b : tensor<4xf4E2M1FN> -> tensor<4xf4E2M1FN>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'ap.adaptive' op has 1 losses for 2 variants}}
  %r = ap.adaptive "a" default 0 losses [0.0] (%x) : (tensor<4xf32>) -> tensor<4xf32>
  variant f32 {
  ^bb0(%a: tensor<4xf32>):
    ap.yield %a : tensor<4xf32>
  }
  variant f16 {
  ^bb0(%a: tensor<4xf32>):
    ap.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'ap.adaptive' op loss of variant 'f16' must be finite and non-negative, got -1.000000e+00}}
  %r = ap.adaptive "a" default 0 losses [0.0, -1.0] (%x) : (tensor<4xf32>) -> tensor<4xf32>
  variant f32 {
  ^bb0(%a: tensor<4xf32>):
    ap.yield %a : tensor<4xf32>
  }
  variant f16 {
  ^bb0(%a: tensor<4xf32>):
    ap.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @f(%q: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'ap.probe' op evaluates 'as' another type only for floating-point inputs}}
  ap.probe sqnr %q as f16 id "p" : tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %r: tensor<4xf32>) {
  // expected-error @+1 {{'ap.probe' op takes either a reference or 'as', not both}}
  ap.probe sqnr %x reference %r as f16 id "p" : tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'ap.probe' op 'as' type must be a floating-point type or a per-tensor !quant.uniform, got 'i8'}}
  ap.probe sqnr %x as i8 id "p" : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'ap.probe' op 'as' type must express f32, got '!quant.uniform<i8:f16, 1.000000e-01>'}}
  ap.probe sqnr %x as !quant.uniform<i8:f16, 0.1> id "p" : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'ap.probe' op needs a non-empty switch point after 'for'}}
  ap.probe sqnr %x as f16 id "p" for "" : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'ap.probe' op metric 'sqnr' needs a reference value (or 'as')}}
  ap.probe sqnr %x id "p" : tensor<4xf32>
  return
}
