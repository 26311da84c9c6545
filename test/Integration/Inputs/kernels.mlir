// Kernels of every class ap-tile-and-vectorize handles, with sizes that
// exercise partial-divisor tiles (7, 12, 20, 30).
func.func @matmul(%a: tensor<12x20xf32>, %b: tensor<20x30xf32>, %c: tensor<12x30xf32>) -> tensor<12x30xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<12x20xf32>, tensor<20x30xf32>) outs(%c : tensor<12x30xf32>) -> tensor<12x30xf32>
  return %0 : tensor<12x30xf32>
}
func.func @batch_matmul(%a: tensor<3x7x20xf32>, %b: tensor<3x20x64xf32>, %c: tensor<3x7x64xf32>) -> tensor<3x7x64xf32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<3x7x20xf32>, tensor<3x20x64xf32>) outs(%c : tensor<3x7x64xf32>) -> tensor<3x7x64xf32>
  return %0 : tensor<3x7x64xf32>
}
func.func @conv(%i: tensor<1x9x9x12xf32>, %f: tensor<3x3x12x40xf32>, %o: tensor<1x7x7x40xf32>) -> tensor<1x7x7x40xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%i, %f : tensor<1x9x9x12xf32>, tensor<3x3x12x40xf32>) outs(%o : tensor<1x7x7x40xf32>) -> tensor<1x7x7x40xf32>
  return %0 : tensor<1x7x7x40xf32>
}
func.func @strided_conv(%i: tensor<1x11x11x3xf32>, %f: tensor<3x3x3x16xf32>, %o: tensor<1x5x5x16xf32>) -> tensor<1x5x5x16xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%i, %f : tensor<1x11x11x3xf32>, tensor<3x3x3x16xf32>) outs(%o : tensor<1x5x5x16xf32>) -> tensor<1x5x5x16xf32>
  return %0 : tensor<1x5x5x16xf32>
}
func.func @depthwise(%i: tensor<1x9x9x48xf32>, %f: tensor<3x3x48xf32>, %o: tensor<1x7x7x48xf32>) -> tensor<1x7x7x48xf32> {
  %0 = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%i, %f : tensor<1x9x9x48xf32>, tensor<3x3x48xf32>) outs(%o : tensor<1x7x7x48xf32>) -> tensor<1x7x7x48xf32>
  return %0 : tensor<1x7x7x48xf32>
}
func.func @maxpool(%i: tensor<1x8x8x20xf32>, %w: tensor<2x2xf32>, %o: tensor<1x4x4x20xf32>) -> tensor<1x4x4x20xf32> {
  %0 = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%i, %w : tensor<1x8x8x20xf32>, tensor<2x2xf32>) outs(%o : tensor<1x4x4x20xf32>) -> tensor<1x4x4x20xf32>
  return %0 : tensor<1x4x4x20xf32>
}
func.func @row_max(%a: tensor<6x100xf32>, %o: tensor<6xf32>) -> tensor<6xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                       iterator_types = ["parallel", "reduction"]}
      ins(%a : tensor<6x100xf32>) outs(%o : tensor<6xf32>) {
  ^bb0(%x: f32, %m: f32):
    %r = arith.maximumf %x, %m : f32
    linalg.yield %r : f32
  } -> tensor<6xf32>
  return %0 : tensor<6xf32>
}
func.func @bias_relu(%a: tensor<5x48xf32>, %b: tensor<48xf32>) -> tensor<5x48xf32> {
  %e = tensor.empty() : tensor<5x48xf32>
  %zero = arith.constant 0.0 : f32
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<5x48xf32>, tensor<48xf32>) outs(%e : tensor<5x48xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<5x48xf32>
  return %0 : tensor<5x48xf32>
}
