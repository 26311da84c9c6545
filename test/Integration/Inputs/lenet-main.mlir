  // Calls @lenet on x[0, 0, i, j] = (((32 i + j) * 37) mod 101 - 50) / 64,
  // exact in f32, and prints the logits (inserted into the LeNet module by
  // lenet-vs-upstream.test).
  func.func private @printMemrefF32(tensor<*xf32>) attributes {llvm.emit_c_interface}
  func.func @main() {
    %empty = tensor.empty() : tensor<1x1x32x32xf32>
    %x = linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>],
                         iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        outs(%empty : tensor<1x1x32x32xf32>) {
    ^bb0(%unused: f32):
      %i = linalg.index 2 : index
      %j = linalg.index 3 : index
      %c32 = arith.constant 32 : index
      %c37 = arith.constant 37 : index
      %c101 = arith.constant 101 : index
      %c50 = arith.constant 50 : index
      %row = arith.muli %i, %c32 : index
      %n = arith.addi %row, %j : index
      %scaled = arith.muli %n, %c37 : index
      %mod = arith.remui %scaled, %c101 : index
      %centered = arith.subi %mod, %c50 : index
      %int = arith.index_cast %centered : index to i32
      %float = arith.sitofp %int : i32 to f32
      %c64 = arith.constant 64.0 : f32
      %value = arith.divf %float, %c64 : f32
      linalg.yield %value : f32
    } -> tensor<1x1x32x32xf32>
    %y = func.call @lenet(%x) : (tensor<1x1x32x32xf32>) -> tensor<1x10xf32>
    %u = tensor.cast %y : tensor<1x10xf32> to tensor<*xf32>
    func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
    return
  }
