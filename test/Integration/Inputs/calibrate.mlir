// Functions for test/Integration/calibrate.test. Every value they compute
// from the test's data (multiples of 1/4 in [-1.5, 2.25]) is exact in f32,
// and so are the statistics of two batches (sums of multiples of 1/64 over
// 8 and 16 values), which the test compares exactly.

// Observed at granularity op: the argument, the product, the sum and the
// matmul; at granularity layer: the argument and the matmul.
func.func @main(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %half = arith.constant dense<0.5> : tensor<2x4xf32>
  %e0 = tensor.empty() : tensor<2x4xf32>
  %y = linalg.mul ins(%x, %half : tensor<2x4xf32>, tensor<2x4xf32>) outs(%e0 : tensor<2x4xf32>) -> tensor<2x4xf32>
  %e1 = tensor.empty() : tensor<2x4xf32>
  %z = linalg.add ins(%y, %x : tensor<2x4xf32>, tensor<2x4xf32>) outs(%e1 : tensor<2x4xf32>) -> tensor<2x4xf32>
  %w = arith.constant dense<[[1.0, 0.0, -1.0], [0.5, 0.25, 0.0], [0.0, 2.0, 1.0], [-0.25, 1.0, 0.5]]> : tensor<4x3xf32>
  %zero = arith.constant 0.0 : f32
  %e2 = tensor.empty() : tensor<2x3xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x3xf32>) -> tensor<2x3xf32>
  %m = linalg.matmul ins(%z, %w : tensor<2x4xf32>, tensor<4x3xf32>) outs(%acc : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %m : tensor<2x3xf32>
}

// Two arguments: calibrated on a directory holding arg0.npy and arg1.npy.
func.func @two(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %e = tensor.empty() : tensor<2x4xf32>
  %s = linalg.sub ins(%a, %b : tensor<2x4xf32>, tensor<2x4xf32>) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %s : tensor<2x4xf32>
}

// Observations written by hand: calibrated as they are (the other
// functions' would not be recorded: ap-run keeps the entry only).
func.func @observed(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %e = tensor.empty() : tensor<2x4xf32>
  %n = linalg.negf ins(%x : tensor<2x4xf32>) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  %o = ap.observe %n id "negated" : tensor<2x4xf32>
  return %o : tensor<2x4xf32>
}

// Nothing that ap-instrument observes: integers only (on the cpu of the
// builtin default target, whose default device gpu computes floats only).
func.func @integers(%x: tensor<2x4xi32>) -> tensor<2x4xi32> {
  %r = ap.placement on @cpu (%a = %x) : (tensor<2x4xi32>) -> tensor<2x4xi32> {
    %e = tensor.empty() : tensor<2x4xi32>
    %s = linalg.add ins(%a, %a : tensor<2x4xi32>, tensor<2x4xi32>) outs(%e : tensor<2x4xi32>) -> tensor<2x4xi32>
    ap.yield %s : tensor<2x4xi32>
  }
  return %r : tensor<2x4xi32>
}
