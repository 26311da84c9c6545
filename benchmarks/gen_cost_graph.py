#!/usr/bin/env python3
"""Writes a generated network of N structured ops for the cost-report benchmark.

Usage: gen_cost_graph.py N OUT.mlir

The function chains N ops on static shapes, cycling through a matmul, a
bias-add + ReLU linalg.generic (multi-op body), a 3x3 convolution and a 2x2
max pooling, so that the cost model sees the same mix of named and generic
structured ops as a real CNN/MLP.
"""
import sys


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    lines = [
        "#id = affine_map<(d0, d1) -> (d0, d1)>",
        "#bias = affine_map<(d0, d1) -> (d1)>",
        "func.func @generated(%x: tensor<64x64xf32>, %w: tensor<64x64xf32>,",
        "    %b: tensor<64xf32>, %img: tensor<1x18x18x16xf32>,",
        "    %f: tensor<3x3x16x16xf32>, %win: tensor<2x2xf32>) -> tensor<64x64xf32> {",
        "  %zero = arith.constant 0.0 : f32",
        "  %e = tensor.empty() : tensor<64x64xf32>",
        "  %ce = tensor.empty() : tensor<1x16x16x16xf32>",
        "  %pe = tensor.empty() : tensor<1x8x8x16xf32>",
    ]
    cur = "%x"
    for i in range(n):
        kind = i % 4
        if kind == 0:
            lines.append(
                f"  %v{i} = linalg.matmul ins({cur}, %w : tensor<64x64xf32>, "
                f"tensor<64x64xf32>) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>")
            cur = f"%v{i}"
        elif kind == 1:
            lines += [
                f"  %v{i} = linalg.generic {{indexing_maps = [#id, #bias, #id], "
                f"iterator_types = [\"parallel\", \"parallel\"]}} ins({cur}, %b : "
                f"tensor<64x64xf32>, tensor<64xf32>) outs(%e : tensor<64x64xf32>) {{",
                "  ^bb0(%a: f32, %c: f32, %o: f32):",
                "    %s = arith.addf %a, %c : f32",
                "    %r = arith.maximumf %s, %zero : f32",
                "    linalg.yield %r : f32",
                "  } -> tensor<64x64xf32>",
            ]
            cur = f"%v{i}"
        elif kind == 2:
            lines.append(
                f"  %v{i} = linalg.conv_2d_nhwc_hwcf {{dilations = dense<1> : "
                f"tensor<2xi64>, strides = dense<1> : tensor<2xi64>}} ins(%img, %f : "
                f"tensor<1x18x18x16xf32>, tensor<3x3x16x16xf32>) outs(%ce : "
                f"tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>")
            conv = f"%v{i}"
        else:
            lines.append(
                f"  %v{i} = linalg.pooling_nhwc_max {{dilations = dense<1> : "
                f"tensor<2xi64>, strides = dense<2> : tensor<2xi64>}} ins({conv}, %win : "
                f"tensor<1x16x16x16xf32>, tensor<2x2xf32>) outs(%pe : "
                f"tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>")
    lines += [f"  return {cur} : tensor<64x64xf32>", "}"]
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
