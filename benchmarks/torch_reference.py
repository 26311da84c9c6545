#!/usr/bin/env python3
"""PyTorch CPU reference for the ap-run throughput benchmark: the networks
of gen_run_models.py (same shapes, random weights), f32, batch B, on T
threads. Prints one line per network: "<name> <median seconds> <best>".

usage: torch_reference.py BATCH THREADS REPEATS"""
import sys
import time

import torch

B, T, R = (int(a) for a in sys.argv[1:4])
torch.set_num_threads(T)
torch.manual_seed(0)

mlp = torch.nn.Sequential(
    torch.nn.Linear(784, 512), torch.nn.ReLU(),
    torch.nn.Linear(512, 256), torch.nn.ReLU(),
    torch.nn.Linear(256, 10)).eval()
cnn = torch.nn.Sequential(
    torch.nn.Conv2d(1, 6, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Flatten(),
    torch.nn.Linear(256, 120), torch.nn.ReLU(),
    torch.nn.Linear(120, 84), torch.nn.ReLU(),
    torch.nn.Linear(84, 10)).eval()

for name, model, shape in (("mlp", mlp, (B, 784)), ("cnn", cnn, (B, 1, 28, 28))):
    x = torch.randn(*shape)
    times = []
    with torch.inference_mode():
        for _ in range(3):
            model(x)
        for _ in range(R):
            start = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - start)
    times.sort()
    print(name, times[len(times) // 2], times[0])
