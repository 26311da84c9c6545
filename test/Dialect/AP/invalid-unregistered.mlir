// RUN: ap-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect

// Verifier messages that need an op of an unregistered dialect.

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'ap.placement' op body must end with ap.yield}}
  "ap.placement"(%x) <{device = @npu}> ({
  ^bb0(%a: tensor<4xf32>):
    "foreign.return"() : () -> ()
  }) : (tensor<4xf32>) -> ()
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'ap.adaptive' op variant 'f16' must end with ap.yield}}
  "ap.adaptive"(%x) <{id = "a", variants = [#ap.precision<f16>], defaultVariant = 0 : i64}> ({
  ^bb0(%a: tensor<4xf32>):
    "foreign.return"() : () -> ()
  }) : (tensor<4xf32>) -> ()
  return
}
