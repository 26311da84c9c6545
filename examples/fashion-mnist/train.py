#!/usr/bin/env python3
"""Trains two Fashion-MNIST classifiers with PyTorch on the CPU and exports
them to MLIR (func + linalg on tensors, trained weights embedded) for ap,
with small data subsets for calibration and testing.

  cnn.mlir   conv 3x3x16, ReLU, max pool 2x2, conv 3x3x32, ReLU, max pool
             2x2, FC 800-128, ReLU, FC 128-10
  mlp.mlir   FC 784-256, ReLU, FC 256-128, ReLU, FC 128-10

Both take images as tensor<100x28x28x1xf32> (NHWC, batch 100, normalized
as in training: (pixel / 255 - MEAN) / STD) and return the logits
tensor<100x10xf32>. The exporter writes the MLIR text itself (no
torch-mlir): weights as dense_resource blobs, biases as dense literals,
every op with a location naming its layer.

Data: the Debian package dataset-fashion-mnist (IDX files, gzip), read with
the standard library and NumPy.

usage: /usr/bin/python3 train.py [--out DIR] [--threads N]
"""
import argparse
import gzip
import json
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA_DIR = "/usr/share/datasets/fashion-mnist"
SEED = 20261122
MEAN, STD = 0.2860, 0.3530  # of the Fashion-MNIST training pixels in [0, 1]
BATCH = 100                 # the static batch of the exported models
TRAIN_BATCH = 128
CNN_EPOCHS, MLP_EPOCHS = 6, 5
CNN_LR, MLP_LR = 2e-3, 1e-3    # Adam, cosine decay to 0 over the epochs
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
CALIBRATION_PER_CLASS = 30  # 300 training images, 30 of each class
TEST_SUBSET = 1000          # the first 1,000 test images
THREADS = 2


# --- data ------------------------------------------------------------------

def read_idx(path):
    """An IDX file (gzip) as a NumPy array of its element type."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype_code == 0x08, f"{path}: not unsigned-byte IDX"
    shape = struct.unpack(f">{ndim}I", data[4:4 + 4 * ndim])
    array = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    assert array.size == int(np.prod(shape)), f"{path}: wrong data size"
    return array.reshape(shape)


def load(split):
    """Images as float32 NHWC (N, 28, 28, 1), normalized; labels int64."""
    images = read_idx(os.path.join(DATA_DIR, f"{split}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(DATA_DIR, f"{split}-labels-idx1-ubyte.gz"))
    x = (images.astype(np.float32) / np.float32(255) - np.float32(MEAN)) \
        / np.float32(STD)
    return x.reshape(-1, 28, 28, 1).astype(np.float32), labels.astype(np.int64)


# --- models ----------------------------------------------------------------

class Linear(nn.Linear):
    """nn.Linear computed as a 1x1 convolution (same parameters, same
    function): Debian's PyTorch runs F.linear on the reference BLAS, about
    5x slower here than the oneDNN convolution."""

    def forward(self, x):
        return F.conv2d(x[:, :, None, None], self.weight[:, :, None, None],
                        self.bias).flatten(1)


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3)   # 28x28 -> 26x26, pool -> 13x13
        self.conv2 = nn.Conv2d(16, 32, 3)  # 13x13 -> 11x11, pool -> 5x5
        self.fc1 = Linear(32 * 5 * 5, 128)
        self.fc2 = Linear(128, 10)

    def forward(self, x):  # x: NHWC
        x = x.permute(0, 3, 1, 2)
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        # Flatten in NHWC order (h, w, c), as the exported model does.
        x = x.permute(0, 2, 3, 1).flatten(1)
        return self.fc2(F.relu(self.fc1(x)))


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = Linear(784, 256)
        self.fc2 = Linear(256, 128)
        self.fc3 = Linear(128, 10)

    def forward(self, x):  # x: NHWC with C = 1: flattening is (h, w)
        x = x.flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


def evaluate(model, x, y):
    """(correct, logits) of `model` on x, y, by batches of BATCH."""
    model.eval()
    outputs = []
    with torch.no_grad():
        for i in range(0, len(x), BATCH):
            outputs.append(model(torch.from_numpy(x[i:i + BATCH])))
    logits = torch.cat(outputs).numpy()
    return int((logits.argmax(1) == y).sum()), logits


def train(model, epochs, lr, x, y, x_test, y_test, name):
    generator = torch.Generator().manual_seed(SEED)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(
        optimizer, epochs * ((len(x) + TRAIN_BATCH - 1) // TRAIN_BATCH))
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    start = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x), generator=generator)
        total = 0.0
        for i in range(0, len(x), TRAIN_BATCH):
            index = order[i:i + TRAIN_BATCH]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(xt[index]), yt[index])
            loss.backward()
            optimizer.step()
            scheduler.step()
            total += loss.item() * len(index)
        correct, _ = evaluate(model, x_test, y_test)
        print(f"{name} epoch {epoch + 1}/{epochs}: loss {total / len(x):.4f}, "
              f"test accuracy {correct / len(x_test):.4f}, "
              f"{time.perf_counter() - start:.0f} s", flush=True)
    return time.perf_counter() - start


# --- MLIR export -----------------------------------------------------------

def f32_literal(value):
    """A decimal literal that parses back to exactly this f32."""
    text = repr(float(np.float32(value)))
    return text if ("e" in text or "." in text or "n" in text) else text + ".0"


def dense_literal(array):
    return "dense<[" + ", ".join(f32_literal(v) for v in array.ravel()) + "]>"


def tensor_type(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


class Emitter:
    """Builds the text of one func.func @main and its resource blobs."""

    def __init__(self):
        self.lines, self.blobs = [], []

    def op(self, text, loc):
        self.lines.append(f"    {text} loc(\"{loc}\")")

    def weight(self, name, array, loc):
        """A weight as an arith.constant dense_resource; returns its SSA name."""
        array = np.ascontiguousarray(array, dtype="<f4")
        # Blob: the alignment (4, little-endian u32), then the raw data.
        self.blobs.append((name, "0x04000000" + array.tobytes().hex().upper()))
        ssa = name.replace("_weight", "_w")
        self.op(f"%{ssa} = arith.constant dense_resource<{name}> : "
                f"{tensor_type(array.shape)}", loc)
        return ssa

    def bias(self, name, array, loc):
        ssa = name.replace("_bias", "_b")
        self.op(f"%{ssa} = arith.constant {dense_literal(array)} : "
                f"{tensor_type(array.shape)}", loc)
        return ssa

    def epilogue(self, name, x, bias, shape, relu, loc):
        """x + bias (broadcast along the last dimension), then ReLU."""
        rank = len(shape)
        dims = ", ".join(f"d{i}" for i in range(rank))
        identity = f"affine_map<({dims}) -> ({dims})>"
        channel = f"affine_map<({dims}) -> (d{rank - 1})>"
        t = tensor_type(shape)
        body = ["      %s = arith.addf %in, %b : f32"]
        if relu:
            body.append("      %r = arith.maximumf %s, %zero : f32")
            body.append("      linalg.yield %r : f32")
        else:
            body.append("      linalg.yield %s : f32")
        iterators = ", ".join(['"parallel"'] * rank)
        self.lines.append(
            f"    %{name} = linalg.generic {{indexing_maps = [{identity}, "
            f"{channel}, {identity}], iterator_types = [{iterators}]}} "
            f"ins(%{x}, %{bias} : {t}, {tensor_type(shape[-1:])}) "
            f"outs(%{name}_init : {t}) {{\n"
            f"    ^bb0(%in: f32, %b: f32, %out: f32):\n" + "\n".join(body) +
            f"\n    }} -> {t} loc(\"{loc}\")")
        return name

    def empty(self, name, shape, loc):
        self.op(f"%{name} = tensor.empty() : {tensor_type(shape)}", loc)

    def fill(self, name, value, init, shape, loc):
        t = tensor_type(shape)
        self.op(f"%{name} = linalg.fill ins(%{value} : f32) outs(%{init} : {t})"
                f" -> {t}", loc)

    def conv(self, layer, x, in_shape, weight, bias):
        """NHWC x HWCF convolution, stride 1, no padding, bias, ReLU."""
        n, h, w, c = in_shape
        f_out, c_in, kh, kw = weight.shape
        assert c_in == c
        out = (n, h - kh + 1, w - kw + 1, f_out)
        wname = self.weight(f"{layer}_weight", weight.transpose(2, 3, 1, 0),
                            f"{layer}.weight")
        bname = self.bias(f"{layer}_bias", bias, f"{layer}.bias")
        self.empty(f"{layer}_init", out, layer)
        self.fill(f"{layer}_acc", "zero", f"{layer}_init", out, layer)
        self.op(f"%{layer} = linalg.conv_2d_nhwc_hwcf {{dilations = dense<1> : "
                f"tensor<2xi64>, strides = dense<1> : tensor<2xi64>}} "
                f"ins(%{x}, %{wname} : {tensor_type(in_shape)}, "
                f"{tensor_type((kh, kw, c, f_out))}) outs(%{layer}_acc : "
                f"{tensor_type(out)}) -> {tensor_type(out)}", layer)
        self.empty(f"{layer}_relu_init", out, f"{layer}.bias_relu")
        return self.epilogue(f"{layer}_relu", layer, bname, out, True,
                             f"{layer}.bias_relu"), out

    def pool(self, layer, x, in_shape):
        """2x2 max pooling, stride 2 (floor, as torch's max_pool2d)."""
        n, h, w, c = in_shape
        out = (n, h // 2, w // 2, c)
        self.empty(f"{layer}_window", (2, 2), layer)
        self.empty(f"{layer}_init", out, layer)
        self.fill(f"{layer}_acc", "neg_inf", f"{layer}_init", out, layer)
        self.op(f"%{layer} = linalg.pooling_nhwc_max {{dilations = dense<1> : "
                f"tensor<2xi64>, strides = dense<2> : tensor<2xi64>}} "
                f"ins(%{x}, %{layer}_window : {tensor_type(in_shape)}, "
                f"tensor<2x2xf32>) outs(%{layer}_acc : {tensor_type(out)}) -> "
                f"{tensor_type(out)}", layer)
        return layer, out

    def flatten(self, x, in_shape):
        out = (in_shape[0], int(np.prod(in_shape[1:])))
        self.op(f"%flatten = tensor.collapse_shape %{x} [[0], [1, 2, 3]] : "
                f"{tensor_type(in_shape)} into {tensor_type(out)}", "flatten")
        return "flatten", out

    def dense(self, layer, x, in_shape, weight, bias, relu):
        """x (B x K) times weight^T (K x N), bias, optionally ReLU."""
        n, k = in_shape
        out = (n, weight.shape[0])
        wname = self.weight(f"{layer}_weight", weight.T, f"{layer}.weight")
        bname = self.bias(f"{layer}_bias", bias, f"{layer}.bias")
        self.empty(f"{layer}_init", out, layer)
        self.fill(f"{layer}_acc", "zero", f"{layer}_init", out, layer)
        self.op(f"%{layer} = linalg.matmul ins(%{x}, %{wname} : "
                f"{tensor_type(in_shape)}, {tensor_type((k, out[1]))}) "
                f"outs(%{layer}_acc : {tensor_type(out)}) -> "
                f"{tensor_type(out)}", layer)
        suffix = "bias_relu" if relu else "bias"
        self.empty(f"{layer}_{suffix}_init", out, f"{layer}.{suffix}")
        return self.epilogue(f"{layer}_{suffix}", layer, bname, out, relu,
                             f"{layer}.{suffix}"), out

    def text(self, header, in_shape, result, out_shape):
        blobs = ",\n".join(f"      {name}: \"{hex_}\"" for name, hex_ in self.blobs)
        return (
            f"{header}"
            "module {\n"
            f"  func.func @main(%input: {tensor_type(in_shape)} loc(\"input\")) "
            f"-> {tensor_type(out_shape)} {{\n"
            "    %zero = arith.constant 0.000000e+00 : f32 loc(\"zero\")\n"
            "    %neg_inf = arith.constant 0xFF800000 : f32 loc(\"neg_inf\")\n"
            + "\n".join(self.lines) + "\n"
            f"    return %{result} : {tensor_type(out_shape)} loc(\"output\")\n"
            "  }\n"
            "}\n"
            "\n{-#\n  dialect_resources: {\n    builtin: {\n"
            f"{blobs}\n"
            "    }\n  }\n#-}\n")


def parameters(model):
    return {k: v.detach().numpy().astype(np.float32)
            for k, v in model.state_dict().items()}


def export_cnn(model, path, header):
    p = parameters(model)
    e = Emitter()
    shape = (BATCH, 28, 28, 1)
    x, shape = e.conv("conv1", "input", shape, p["conv1.weight"], p["conv1.bias"])
    x, shape = e.pool("pool1", x, shape)
    x, shape = e.conv("conv2", x, shape, p["conv2.weight"], p["conv2.bias"])
    x, shape = e.pool("pool2", x, shape)
    x, shape = e.flatten(x, shape)
    x, shape = e.dense("fc1", x, shape, p["fc1.weight"], p["fc1.bias"], True)
    x, shape = e.dense("fc2", x, shape, p["fc2.weight"], p["fc2.bias"], False)
    with open(path, "w") as f:
        f.write(e.text(header, (BATCH, 28, 28, 1), x, shape))


def export_mlp(model, path, header):
    p = parameters(model)
    e = Emitter()
    x, shape = e.flatten("input", (BATCH, 28, 28, 1))
    x, shape = e.dense("fc1", x, shape, p["fc1.weight"], p["fc1.bias"], True)
    x, shape = e.dense("fc2", x, shape, p["fc2.weight"], p["fc2.bias"], True)
    x, shape = e.dense("fc3", x, shape, p["fc3.weight"], p["fc3.bias"], False)
    with open(path, "w") as f:
        f.write(e.text(header, (BATCH, 28, 28, 1), x, shape))


# --- main ------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.dirname(
        os.path.abspath(__file__)), help="output directory (default: the "
        "directory of this script)")
    parser.add_argument("--threads", type=int, default=THREADS,
                        help=f"PyTorch threads (default {THREADS}; the "
                        "trained weights may differ in the last bits with "
                        "another count)")
    args = parser.parse_args()
    out = args.out
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(args.threads)
    begin = time.perf_counter()

    x_train, y_train = load("train")
    x_test, y_test = load("t10k")
    print(f"train {x_train.shape}, test {x_test.shape}", flush=True)

    # Calibration: the first CALIBRATION_PER_CLASS training images of each
    # class, in training-set order. Test subset: the first TEST_SUBSET test
    # images.
    calibration = np.sort(np.concatenate([
        np.flatnonzero(y_train == c)[:CALIBRATION_PER_CLASS]
        for c in range(10)]))
    x_cal, y_cal = x_train[calibration], y_train[calibration]
    x_sub, y_sub = x_test[:TEST_SUBSET], y_test[:TEST_SUBSET]

    reference = {
        "seed": SEED,
        "normalization": {"mean": MEAN, "std": STD,
                          "formula": "(pixel / 255 - mean) / std, float32"},
        "layout": "NHWC, input tensor<100x28x28x1xf32>",
        "calibration_subset": {
            "images": len(calibration),
            "selection": f"the first {CALIBRATION_PER_CLASS} training images "
                         "of each class, in training-set order"},
        "test_subset": {"images": TEST_SUBSET,
                        "selection": f"the first {TEST_SUBSET} test images"},
        "classes": CLASSES,
        "torch": torch.__version__, "threads": args.threads, "models": {}}

    for name, cls, epochs, lr, export in (
            ("cnn", CNN, CNN_EPOCHS, CNN_LR, export_cnn),
            ("mlp", MLP, MLP_EPOCHS, MLP_LR, export_mlp)):
        torch.manual_seed(SEED)
        model = cls()
        seconds = train(model, epochs, lr, x_train, y_train, x_test, y_test,
                        name)
        full, _ = evaluate(model, x_test, y_test)
        sub, logits = evaluate(model, x_sub, y_sub)
        cal, _ = evaluate(model, x_cal, y_cal)
        np.save(os.path.join(out, f"{name}-test-logits.npy"), logits)
        params = sum(p.numel() for p in model.parameters())
        header = (f"// Fashion-MNIST {name.upper()} ({params} parameters), "
                  f"trained by examples/fashion-mnist/train.py (seed {SEED}, "
                  f"{epochs} epochs).\n"
                  "// Input: tensor<100x28x28x1xf32>, NHWC images normalized "
                  f"as (pixel / 255 - {MEAN:.4f}) / {STD:.4f}; output: logits "
                  "tensor<100x10xf32>.\n"
                  f"// PyTorch f32 top-1 accuracy: {full / len(y_test):.4f} on "
                  f"the 10,000 test images, {sub / TEST_SUBSET:.4f} on "
                  "test-images.npy.\n")
        export(model, os.path.join(out, f"{name}.mlir"), header)
        reference["models"][name] = {
            "file": f"{name}.mlir", "parameters": params, "epochs": epochs,
            "learning_rate": lr, "batch": TRAIN_BATCH,
            "test_accuracy": full / len(y_test), "test_correct": full,
            "test_subset_accuracy": sub / TEST_SUBSET,
            "test_subset_correct": sub,
            "calibration_accuracy": cal / len(y_cal)}
        print(f"{name}: trained in {seconds:.0f} s; test accuracy "
              f"{full / len(y_test):.4f}, subset {sub / TEST_SUBSET:.4f}, "
              f"calibration {cal / len(y_cal):.4f}", flush=True)

    np.save(os.path.join(out, "calibration-images.npy"), x_cal)
    np.save(os.path.join(out, "calibration-labels.npy"), y_cal)
    np.save(os.path.join(out, "test-images.npy"), x_sub)
    np.save(os.path.join(out, "test-labels.npy"), y_sub)
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(reference, f, indent=2)
        f.write("\n")
    print(f"done in {time.perf_counter() - begin:.0f} s", flush=True)


if __name__ == "__main__":
    main()
