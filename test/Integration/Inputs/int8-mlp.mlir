// The int8 MLP of benchmarks/gen_run_models.py (784-512-256-10, batch 100):
// i8 x i8 matmuls accumulating in i32, the low byte of each layer's result
// feeding the next (test/Integration/int8-vnni-exact.test).
func.func @mlp(%x: tensor<100x784xi8>, %w0: tensor<784x512xi8>, %w1: tensor<512x256xi8>, %w2: tensor<256x10xi8>) -> tensor<100x10xi32> {
  %z = arith.constant 0 : i32
  %e0 = tensor.empty() : tensor<100x512xi32>
  %f0 = linalg.fill ins(%z : i32) outs(%e0 : tensor<100x512xi32>) -> tensor<100x512xi32>
  %m0 = linalg.matmul ins(%x, %w0 : tensor<100x784xi8>, tensor<784x512xi8>) outs(%f0 : tensor<100x512xi32>) -> tensor<100x512xi32>
  %q0 = arith.trunci %m0 : tensor<100x512xi32> to tensor<100x512xi8>
  %e1 = tensor.empty() : tensor<100x256xi32>
  %f1 = linalg.fill ins(%z : i32) outs(%e1 : tensor<100x256xi32>) -> tensor<100x256xi32>
  %m1 = linalg.matmul ins(%q0, %w1 : tensor<100x512xi8>, tensor<512x256xi8>) outs(%f1 : tensor<100x256xi32>) -> tensor<100x256xi32>
  %q1 = arith.trunci %m1 : tensor<100x256xi32> to tensor<100x256xi8>
  %e2 = tensor.empty() : tensor<100x10xi32>
  %f2 = linalg.fill ins(%z : i32) outs(%e2 : tensor<100x10xi32>) -> tensor<100x10xi32>
  %m2 = linalg.matmul ins(%q1, %w2 : tensor<100x256xi8>, tensor<256x10xi8>) outs(%f2 : tensor<100x10xi32>) -> tensor<100x10xi32>
  return %m2 : tensor<100x10xi32>
}
