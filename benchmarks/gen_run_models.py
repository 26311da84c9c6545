#!/usr/bin/env python3
"""Writes the networks of the ap-run throughput benchmark as .mlir files
(func + linalg on tensors, weights as function arguments so that the files
stay small and ap-run --random-inputs generates them):

  mlp.mlir   784-512-256-10 MLP with ReLU, batch B
  cnn.mlir   LeNet-style CNN on 28x28x1 NHWC images, batch B: conv 5x5x6,
             ReLU, max pool 2x2, conv 5x5x16, ReLU, max pool 2x2, FC 120,
             ReLU, FC 84, ReLU, FC 10
  mlp_i8.mlir the MLP's layers as i8 x i8 matmuls accumulating in i32

usage: gen_run_models.py OUTPUT_DIR [BATCH]"""
import os
import sys

out = sys.argv[1]
B = int(sys.argv[2]) if len(sys.argv) > 2 else 100
os.makedirs(out, exist_ok=True)


def dense(name, x, k, n, relu, t="f32", acc="f32", zero="0.0"):
    """Lines computing x (Bxk) * w (kxn) + b, optionally ReLU."""
    lines = [
        f"  %{name}_e = tensor.empty() : tensor<{B}x{n}x{acc}>",
        f"  %{name}_z = arith.constant {zero} : {acc}",
        f"  %{name}_f = linalg.fill ins(%{name}_z : {acc}) outs(%{name}_e : tensor<{B}x{n}x{acc}>) -> tensor<{B}x{n}x{acc}>",
        f"  %{name}_m = linalg.matmul ins(%{x}, %{name}_w : tensor<{B}x{k}x{t}>, tensor<{k}x{n}x{t}>) outs(%{name}_f : tensor<{B}x{n}x{acc}>) -> tensor<{B}x{n}x{acc}>",
    ]
    if acc != "f32":
        return lines, f"{name}_m"
    lines.append(
        f"  %{name}_b2 = linalg.generic {{indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = [\"parallel\", \"parallel\"]}} ins(%{name}_m, %{name}_b : tensor<{B}x{n}xf32>, tensor<{n}xf32>) outs(%{name}_e : tensor<{B}x{n}xf32>) {{\n"
        f"  ^bb0(%a: f32, %c: f32, %o: f32):\n"
        f"    %s = arith.addf %a, %c : f32\n"
        + (f"    %zero = arith.constant 0.0 : f32\n    %r = arith.maximumf %s, %zero : f32\n    linalg.yield %r : f32\n" if relu else "    linalg.yield %s : f32\n")
        + f"  }} -> tensor<{B}x{n}xf32>")
    return lines, f"{name}_b2"


def mlp(path, t="f32", acc="f32"):
    sizes = [784, 512, 256, 10]
    args = [f"%x: tensor<{B}x784x{t}>"]
    body, x = [], "x"
    for i in range(3):
        k, n = sizes[i], sizes[i + 1]
        args.append(f"%l{i}_w: tensor<{k}x{n}x{t}>")
        if acc == "f32":
            args.append(f"%l{i}_b: tensor<{n}xf32>")
        lines, x_new = dense(f"l{i}", x, k, n, i < 2, t, acc,
                             "0.0" if acc == "f32" else "0")
        body += lines
        if acc != "f32" and i < 2:
            # Requantize to i8 for the next layer: the low byte (a stand-in
            # for the scaled value; throughput is what is measured).
            body.append(f"  %l{i}_q0 = tensor.empty() : tensor<{B}x{n}xi8>")
            body.append(f"  %l{i}_q = arith.trunci %{x_new} : tensor<{B}x{n}xi32> to tensor<{B}x{n}xi8>")
            x_new = f"l{i}_q"
        x = x_new
    ret = f"tensor<{B}x10x{acc}>"
    with open(path, "w") as f:
        f.write(f"func.func @mlp({', '.join(args)}) -> {ret} {{\n")
        f.write("\n".join(body) + "\n")
        f.write(f"  return %{x} : {ret}\n}}\n")


def cnn(path):
    lines = []
    args = [f"%x: tensor<{B}x28x28x1xf32>",
            "%c1_w: tensor<5x5x1x6xf32>", "%c1_b: tensor<6xf32>",
            "%c2_w: tensor<5x5x6x16xf32>", "%c2_b: tensor<16xf32>",
            "%f1_w: tensor<256x120xf32>", "%f1_b: tensor<120xf32>",
            "%f2_w: tensor<120x84xf32>", "%f2_b: tensor<84xf32>",
            "%f3_w: tensor<84x10xf32>", "%f3_b: tensor<10xf32>"]

    def conv(name, x, h, c, f):
        o = h - 4
        p = o // 2
        lines.extend([
            f"  %{name}_e = tensor.empty() : tensor<{B}x{o}x{o}x{f}xf32>",
            f"  %{name}_z = arith.constant 0.0 : f32",
            f"  %{name}_f = linalg.fill ins(%{name}_z : f32) outs(%{name}_e : tensor<{B}x{o}x{o}x{f}xf32>) -> tensor<{B}x{o}x{o}x{f}xf32>",
            f"  %{name}_c = linalg.conv_2d_nhwc_hwcf {{dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}} ins(%{x}, %{name}_w : tensor<{B}x{h}x{h}x{c}xf32>, tensor<5x5x{c}x{f}xf32>) outs(%{name}_f : tensor<{B}x{o}x{o}x{f}xf32>) -> tensor<{B}x{o}x{o}x{f}xf32>",
            f"  %{name}_r = linalg.generic {{indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = [\"parallel\", \"parallel\", \"parallel\", \"parallel\"]}} ins(%{name}_c, %{name}_b : tensor<{B}x{o}x{o}x{f}xf32>, tensor<{f}xf32>) outs(%{name}_e : tensor<{B}x{o}x{o}x{f}xf32>) {{",
            "  ^bb0(%a: f32, %b: f32, %out: f32):",
            "    %s = arith.addf %a, %b : f32",
            "    %zero = arith.constant 0.0 : f32",
            "    %r = arith.maximumf %s, %zero : f32",
            "    linalg.yield %r : f32",
            f"  }} -> tensor<{B}x{o}x{o}x{f}xf32>",
            f"  %{name}_pw = tensor.empty() : tensor<2x2xf32>",
            f"  %{name}_pe = tensor.empty() : tensor<{B}x{p}x{p}x{f}xf32>",
            f"  %{name}_ninf = arith.constant 0xFF800000 : f32",
            f"  %{name}_pf = linalg.fill ins(%{name}_ninf : f32) outs(%{name}_pe : tensor<{B}x{p}x{p}x{f}xf32>) -> tensor<{B}x{p}x{p}x{f}xf32>",
            f"  %{name}_p = linalg.pooling_nhwc_max {{dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}} ins(%{name}_r, %{name}_pw : tensor<{B}x{o}x{o}x{f}xf32>, tensor<2x2xf32>) outs(%{name}_pf : tensor<{B}x{p}x{p}x{f}xf32>) -> tensor<{B}x{p}x{p}x{f}xf32>",
        ])
        return f"{name}_p"

    x = conv("c1", "x", 28, 1, 6)
    x = conv("c2", x, 12, 6, 16)
    lines.append(f"  %flat = tensor.collapse_shape %{x} [[0], [1, 2, 3]] : tensor<{B}x4x4x16xf32> into tensor<{B}x256xf32>")
    x = "flat"
    for name, k, n, relu in (("f1", 256, 120, True), ("f2", 120, 84, True),
                             ("f3", 84, 10, False)):
        body, x = dense(name, x, k, n, relu)
        lines += body
    with open(path, "w") as f:
        f.write(f"func.func @cnn({', '.join(args)}) -> tensor<{B}x10xf32> {{\n")
        f.write("\n".join(lines) + "\n")
        f.write(f"  return %{x} : tensor<{B}x10xf32>\n}}\n")


mlp(os.path.join(out, "mlp.mlir"))
mlp(os.path.join(out, "mlp_i8.mlir"), "i8", "i32")
cnn(os.path.join(out, "cnn.mlir"))
