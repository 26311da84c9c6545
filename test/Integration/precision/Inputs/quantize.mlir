// ap.quantize and ap.dequantize with per-tensor and per-axis uniform
// quantized types, for quantize.test. The types, their parameters and the
// order of the arguments and results are those of quantize.py (TYPES,
// ARGUMENTS, RESULTS); change them together.
//
// No ap.target: ap-run simulates the builtin default target, and the ops
// are placed where its devices compute at their precision and its links
// carry their data:
// - the host cpu (f32, i32, i8, u8 but no i4, f16 or bf16) quantizes and
//   dequantizes the f32 types and truncates the i8 test storage values to
//   i4; storage values stay there and come back as i8 (u8 bits as i8) or
//   i32;
// - the npu (i4, i8, f16; its m2 link carries f32, f16, i8 and i4) extends
//   the i4 and u4 storage values to i8, and quantizes and dequantizes the
//   f16-expressed type;
// - the gpu (bf16; pcie carries f32, f16 and bf16 but no integers)
//   quantizes the bf16-expressed type and dequantizes it again (a round
//   trip that returns bf16).

!qi8 = !quant.uniform<i8:f32, 0.1:-3>
!qu8 = !quant.uniform<u8:f32, 0.03:128>
!qn8 = !quant.uniform<i8<-127:127>:f32, 0.05>
!qi4 = !quant.uniform<i4:f32, 0.25:-1>
!qu4 = !quant.uniform<u4:f32, 0.3:5>
!qi32 = !quant.uniform<i32:f32, 0.3:-5>
!qa1 = !quant.uniform<i8:f32:1, {0.1, 0.5:-10, 2.0:3, 1.0e-3:127}>
!qa0 = !quant.uniform<u8:f32:0, {0.25, 0.1:128, 3.0:255, 7.0e-3:17}>
!qh = !quant.uniform<i8:f16, 0.1:2>
!qb = !quant.uniform<i8:bf16, 0.1:-5>

// Values to quantize.
!x = tensor<6144xf32>
!xa1 = tensor<1600x4xf32>
!xa0 = tensor<4x1600xf32>
!xh = tensor<1600xf16>
!xb = tensor<1600xbf16>
// Every storage value: 8 bits, 4 bits, per axis.
!s8 = tensor<256xi8>
!s4 = tensor<16xi8>
!sa1 = tensor<256x4xi8>
!sa0 = tensor<4x256xi8>
!s32 = tensor<64xi32>

func.func @main(%x: !x, %xa1: !xa1, %xa0: !xa0, %xh: !xh, %xb: !xb,
                %s8: !s8, %s4: !s4, %sa1: !sa1, %sa0: !sa0, %s32: !s32)
    -> (tensor<6144xi8>, tensor<6144xi8>, tensor<6144xi8>, tensor<6144xi8>,
        tensor<6144xi8>, tensor<6144xi32>, tensor<1600x4xi8>, tensor<4x1600xi8>,
        tensor<1600xi8>, tensor<1600xbf16>,
        tensor<256xf32>, tensor<256xf32>, tensor<256xf32>, tensor<16xf32>,
        tensor<16xf32>, tensor<64xf32>, tensor<256x4xf32>, tensor<4x256xf32>,
        tensor<256xf16>) {
  %c:16 = ap.placement on @cpu (%a = %x, %a1 = %xa1, %a0 = %xa0, %t8 = %s8,
                                %t4 = %s4, %ta1 = %sa1, %ta0 = %sa0, %t32 = %s32)
      : (!x, !xa1, !xa0, !s8, !s4, !sa1, !sa0, !s32)
      -> (tensor<6144xi8>, tensor<6144xi8>, tensor<6144xi8>, tensor<6144xi4>,
          tensor<6144xi4>, tensor<6144xi32>, tensor<1600x4xi8>, tensor<4x1600xi8>,
          tensor<256xf32>, tensor<256xf32>, tensor<256xf32>, tensor<16xf32>,
          tensor<16xf32>, tensor<64xf32>, tensor<256x4xf32>, tensor<4x256xf32>) {
    %qi8 = ap.quantize %a : !x -> tensor<6144x!qi8>
    %qu8 = ap.quantize %a : !x -> tensor<6144x!qu8>
    %qn8 = ap.quantize %a : !x -> tensor<6144x!qn8>
    %qi4 = ap.quantize %a : !x -> tensor<6144x!qi4>
    %qu4 = ap.quantize %a : !x -> tensor<6144x!qu4>
    %qi32 = ap.quantize %a : !x -> tensor<6144x!qi32>
    %qa1 = ap.quantize %a1 : !xa1 -> tensor<1600x4x!qa1>
    %qa0 = ap.quantize %a0 : !xa0 -> tensor<4x1600x!qa0>
    %ri8 = quant.scast %qi8 : tensor<6144x!qi8> to tensor<6144xi8>
    %ru8 = quant.scast %qu8 : tensor<6144x!qu8> to tensor<6144xi8>
    %rn8 = quant.scast %qn8 : tensor<6144x!qn8> to tensor<6144xi8>
    %ri4 = quant.scast %qi4 : tensor<6144x!qi4> to tensor<6144xi4>
    %ru4 = quant.scast %qu4 : tensor<6144x!qu4> to tensor<6144xi4>
    %ri32 = quant.scast %qi32 : tensor<6144x!qi32> to tensor<6144xi32>
    %ra1 = quant.scast %qa1 : tensor<1600x4x!qa1> to tensor<1600x4xi8>
    %ra0 = quant.scast %qa0 : tensor<4x1600x!qa0> to tensor<4x1600xi8>

    %ti8 = quant.scast %t8 : !s8 to tensor<256x!qi8>
    %tu8 = quant.scast %t8 : !s8 to tensor<256x!qu8>
    %tn8 = quant.scast %t8 : !s8 to tensor<256x!qn8>
    %t4s = arith.trunci %t4 : !s4 to tensor<16xi4>
    %ti4 = quant.scast %t4s : tensor<16xi4> to tensor<16x!qi4>
    %tu4 = quant.scast %t4s : tensor<16xi4> to tensor<16x!qu4>
    %ti32 = quant.scast %t32 : !s32 to tensor<64x!qi32>
    %tqa1 = quant.scast %ta1 : !sa1 to tensor<256x4x!qa1>
    %tqa0 = quant.scast %ta0 : !sa0 to tensor<4x256x!qa0>
    %di8 = ap.dequantize %ti8 : tensor<256x!qi8> -> tensor<256xf32>
    %du8 = ap.dequantize %tu8 : tensor<256x!qu8> -> tensor<256xf32>
    %dn8 = ap.dequantize %tn8 : tensor<256x!qn8> -> tensor<256xf32>
    %di4 = ap.dequantize %ti4 : tensor<16x!qi4> -> tensor<16xf32>
    %du4 = ap.dequantize %tu4 : tensor<16x!qu4> -> tensor<16xf32>
    %di32 = ap.dequantize %ti32 : tensor<64x!qi32> -> tensor<64xf32>
    %da1 = ap.dequantize %tqa1 : tensor<256x4x!qa1> -> tensor<256x4xf32>
    %da0 = ap.dequantize %tqa0 : tensor<4x256x!qa0> -> tensor<4x256xf32>
    ap.yield %ri8, %ru8, %rn8, %ri4, %ru4, %ri32, %ra1, %ra0,
             %di8, %du8, %dn8, %di4, %du4, %di32, %da1, %da0
        : tensor<6144xi8>, tensor<6144xi8>, tensor<6144xi8>, tensor<6144xi4>,
          tensor<6144xi4>, tensor<6144xi32>, tensor<1600x4xi8>, tensor<4x1600xi8>,
          tensor<256xf32>, tensor<256xf32>, tensor<256xf32>, tensor<16xf32>,
          tensor<16xf32>, tensor<64xf32>, tensor<256x4xf32>, tensor<4x256xf32>
  }

  %n:4 = ap.placement on @npu (%i4 = %c#3, %u4 = %c#4, %h = %xh, %t8 = %s8)
      : (tensor<6144xi4>, tensor<6144xi4>, !xh, !s8)
      -> (tensor<6144xi8>, tensor<6144xi8>, tensor<1600xi8>, tensor<256xf16>) {
    %ei4 = arith.extsi %i4 : tensor<6144xi4> to tensor<6144xi8>
    %eu4 = arith.extui %u4 : tensor<6144xi4> to tensor<6144xi8>
    %qh = ap.quantize %h : !xh -> tensor<1600x!qh>
    %rh = quant.scast %qh : tensor<1600x!qh> to tensor<1600xi8>
    %th = quant.scast %t8 : !s8 to tensor<256x!qh>
    %dh = ap.dequantize %th : tensor<256x!qh> -> tensor<256xf16>
    ap.yield %ei4, %eu4, %rh, %dh
        : tensor<6144xi8>, tensor<6144xi8>, tensor<1600xi8>, tensor<256xf16>
  }

  %qb = ap.quantize %xb : !xb -> tensor<1600x!qb>
  %db = ap.dequantize %qb : tensor<1600x!qb> -> !xb

  return %c#0, %c#1, %c#2, %n#0, %n#1, %c#5, %c#6, %c#7, %n#2, %db,
         %c#8, %c#9, %c#10, %c#11, %c#12, %c#13, %c#14, %c#15, %n#3
      : tensor<6144xi8>, tensor<6144xi8>, tensor<6144xi8>, tensor<6144xi8>,
        tensor<6144xi8>, tensor<6144xi32>, tensor<1600x4xi8>, tensor<4x1600xi8>,
        tensor<1600xi8>, tensor<1600xbf16>,
        tensor<256xf32>, tensor<256xf32>, tensor<256xf32>, tensor<16xf32>,
        tensor<16xf32>, tensor<64xf32>, tensor<256x4xf32>, tensor<4x256xf32>,
        tensor<256xf16>
}
