// RUN: ap-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(ap-lower-int8-dot-products{target-features=+avx512f,+avx512vnni}))" | FileCheck %s
// RUN: ap-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(ap-lower-int8-dot-products{target-features=+avxvnni}))" | FileCheck %s --check-prefix=AVX
// RUN: ap-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(ap-lower-int8-dot-products))" | FileCheck %s --check-prefix=NONE

#jk = affine_map<(j, k) -> (j, k)>
#k = affine_map<(j, k) -> (k)>
#j = affine_map<(j, k) -> (j)>

// Unsigned bytes per lane times four signed bytes broadcast: the u8
// operand's 64 bytes as they are, the s8 word broadcast to every lane.
// CHECK-LABEL: func.func @packed_times_broadcast(
// CHECK-SAME: %[[U:[a-z0-9]+]]: vector<16x4xi8>, %[[S:[a-z0-9]+]]: vector<4xi8>, %[[ACC:[a-z0-9]+]]: vector<16xi32>
// CHECK: %[[UB:.*]] = vector.shape_cast %[[U]] : vector<16x4xi8> to vector<64xi8>
// CHECK: %[[W:.*]] = vector.bitcast %[[S]] : vector<4xi8> to vector<1xi32>
// CHECK: %[[E:.*]] = vector.extract %[[W]][0] : i32 from vector<1xi32>
// CHECK: %[[SPLAT:.*]] = vector.broadcast %[[E]] : i32 to vector<16xi32>
// CHECK: %[[SB:.*]] = vector.bitcast %[[SPLAT]] : vector<16xi32> to vector<64xi8>
// CHECK: %[[R:.*]] = llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%[[ACC]], %[[UB]], %[[SB]]) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// CHECK: return %[[R]]
// AVX-LABEL: func.func @packed_times_broadcast(
// AVX: vector.contract
// NONE-LABEL: func.func @packed_times_broadcast(
// NONE: vector.contract
func.func @packed_times_broadcast(%u: vector<16x4xi8>, %s: vector<4xi8>, %acc: vector<16xi32>) -> vector<16xi32> {
  %uw = arith.extui %u : vector<16x4xi8> to vector<16x4xi32>
  %sw = arith.extsi %s : vector<4xi8> to vector<4xi32>
  %r = vector.contract {indexing_maps = [#jk, #k, #j], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>}
      %uw, %sw, %acc : vector<16x4xi32>, vector<4xi32> into vector<16xi32>
  return %r : vector<16xi32>
}

// -----

#jk = affine_map<(j, k) -> (j, k)>
#k = affine_map<(j, k) -> (k)>
#j = affine_map<(j, k) -> (j)>

// Operands the other way round, the unsigned one broadcast: still u8
// second, s8 third.
// CHECK-LABEL: func.func @broadcast_unsigned(
// CHECK-SAME: %[[S:[a-z0-9]+]]: vector<16x4xi8>, %[[U:[a-z0-9]+]]: vector<4xi8>
// CHECK: vector.bitcast %[[U]] : vector<4xi8> to vector<1xi32>
// CHECK: %[[UB:.*]] = vector.bitcast %{{.*}} : vector<16xi32> to vector<64xi8>
// CHECK: %[[SB:.*]] = vector.shape_cast %[[S]] : vector<16x4xi8> to vector<64xi8>
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%{{.*}}, %[[UB]], %[[SB]])
func.func @broadcast_unsigned(%s: vector<16x4xi8>, %u: vector<4xi8>, %acc: vector<16xi32>) -> vector<16xi32> {
  %sw = arith.extsi %s : vector<16x4xi8> to vector<16x4xi32>
  %uw = arith.extui %u : vector<4xi8> to vector<4xi32>
  %r = vector.contract {indexing_maps = [#jk, #k, #j], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>}
      %sw, %uw, %acc : vector<16x4xi32>, vector<4xi32> into vector<16xi32>
  return %r : vector<16xi32>
}

// -----

#jk = affine_map<(j, k) -> (j, k)>
#k = affine_map<(j, k) -> (k)>
#j = affine_map<(j, k) -> (j)>

// 8 lanes: the 256-bit instruction with AVX-VNNI; not for AVX-512 here.
// AVX-LABEL: func.func @eight_lanes(
// AVX: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<8xi32>, vector<32xi8>, vector<32xi8>) -> vector<8xi32>
// CHECK-LABEL: func.func @eight_lanes(
// CHECK: vector.contract
func.func @eight_lanes(%u: vector<8x4xi8>, %s: vector<4xi8>, %acc: vector<8xi32>) -> vector<8xi32> {
  %uw = arith.extui %u : vector<8x4xi8> to vector<8x4xi32>
  %sw = arith.extsi %s : vector<4xi8> to vector<4xi32>
  %r = vector.contract {indexing_maps = [#jk, #k, #j], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>}
      %uw, %sw, %acc : vector<8x4xi32>, vector<4xi32> into vector<8xi32>
  return %r : vector<8xi32>
}

// -----

#jk = affine_map<(j, k) -> (j, k)>
#k = affine_map<(j, k) -> (k)>
#j = affine_map<(j, k) -> (j)>

// Not a vpdpbusd: both operands signed, both unsigned, 16-bit operands,
// a reduction of 8.
// CHECK-LABEL: func.func @not_vnni(
// CHECK-NOT: llvm.call_intrinsic
// CHECK-COUNT-4: vector.contract
func.func @not_vnni(%a: vector<16x4xi8>, %b: vector<4xi8>, %c: vector<16x4xi16>, %d: vector<16x8xi8>, %e: vector<8xi8>, %acc: vector<16xi32>) -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>) {
  %as = arith.extsi %a : vector<16x4xi8> to vector<16x4xi32>
  %bs = arith.extsi %b : vector<4xi8> to vector<4xi32>
  %0 = vector.contract {indexing_maps = [#jk, #k, #j], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>}
      %as, %bs, %acc : vector<16x4xi32>, vector<4xi32> into vector<16xi32>
  %au = arith.extui %a : vector<16x4xi8> to vector<16x4xi32>
  %bu = arith.extui %b : vector<4xi8> to vector<4xi32>
  %1 = vector.contract {indexing_maps = [#jk, #k, #j], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>}
      %au, %bu, %acc : vector<16x4xi32>, vector<4xi32> into vector<16xi32>
  %cs = arith.extsi %c : vector<16x4xi16> to vector<16x4xi32>
  %2 = vector.contract {indexing_maps = [#jk, #k, #j], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>}
      %cs, %bu, %acc : vector<16x4xi32>, vector<4xi32> into vector<16xi32>
  %du = arith.extui %d : vector<16x8xi8> to vector<16x8xi32>
  %es = arith.extsi %e : vector<8xi8> to vector<8xi32>
  %3 = vector.contract {indexing_maps = [#jk, #k, #j], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>}
      %du, %es, %acc : vector<16x8xi32>, vector<8xi32> into vector<16xi32>
  return %0, %1, %2, %3 : vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>
}
