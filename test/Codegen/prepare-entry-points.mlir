// RUN: ap-opt %s --ap-prepare-entry-points | FileCheck %s

// CHECK: func.func @entry(%{{.*}}: tensor<2x3xf32>) -> tensor<3xi8>
// CHECK-SAME: attributes {ap.entry_signature = (tensor<2x3xf32>) -> tensor<3xi8>, llvm.emit_c_interface}
func.func @entry(%x: tensor<2x3xf32>) -> tensor<3xi8> {
  %0 = call @helper(%x) : (tensor<2x3xf32>) -> tensor<3xi8>
  return %0 : tensor<3xi8>
}

// Private functions and declarations are not entry points.
// CHECK: func.func private @helper(%{{.*}}: tensor<2x3xf32>) -> tensor<3xi8> {
func.func private @helper(%x: tensor<2x3xf32>) -> tensor<3xi8> {
  %0 = tensor.empty() : tensor<3xi8>
  return %0 : tensor<3xi8>
}
// CHECK: func.func private @external(tensor<2xf32>){{$}}
func.func private @external(tensor<2xf32>)
