#!/usr/bin/env python3
"""CPU check of train.py's recipe without transformers (pure torch, runs here on 2 cores).

Reads SynthExport's safetensors groups, builds a small Qwen2-like model (pre-RMSNorm, RoPE, GQA 4 q /
2 kv heads, SwiGLU, tied embeddings, N(0, 0.02) init), splices projector(features) over the <image> span
as train.py does, and trains with train.py's loss: cross-entropy of the last-position option letter plus
the circuit supervision of supervision.py. Prints held-out accuracy (the last 200 rows of each group).

    dotnet run --project tools/train/SynthExport -c Release -- /tmp/tr train 8:2000,16:1000
    /usr/bin/python3 tools/train/repro_cpu.py --dir /tmp/tr --frames 8 --steps 600
"""
import argparse
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import supervision as sv  # noqa: E402

DTYPES = {"F32": np.float32, "I64": np.int64}


def load(path):
    """safetensors: u64 LE header length, JSON header, raw little-endian data."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        a, b = t["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(raw[8 + n + a:8 + n + b], dtype=DTYPES[t["dtype"]]).reshape(t["shape"]).copy())
    return out


ap = argparse.ArgumentParser()
ap.add_argument("--dir", default="/tmp/tr")
ap.add_argument("--frames", default="8")
ap.add_argument("--tasks", default="needle-color,temporal,count,order,spatial")
ap.add_argument("--steps", type=int, default=600)
ap.add_argument("--lr", type=float, default=2e-3)
ap.add_argument("--bs", type=int, default=8)
ap.add_argument("--hidden", type=int, default=128)
ap.add_argument("--layers", type=int, default=4)
ap.add_argument("--weights", default="lookup=1,count=1,readback=1,probe=1")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--threads", type=int, default=2)
args = ap.parse_args()
torch.manual_seed(args.seed)
torch.set_num_threads(args.threads)
man = json.load(open(os.path.join(args.dir, "manifest.json")))
OPT = torch.tensor(man["option_token_ids"])
H = args.hidden
WEIGHTS = {k: float(v) for k, v in (kv.split("=") for kv in args.weights.split(","))}


def group(task, frames):
    x = load(os.path.join(args.dir, f"train_{task}_m{frames}_d1.00.safetensors"))
    vs, v = int(x["visual_start"][0]), x["features"].shape[1]
    return dict(task=task, f=x["features"], ids=x["input_ids"], a=x["answer"], ro=x["relevant_object"], vs=vs,
                targets=sv.GroupTargets(x["input_ids"], vs, v, man))


class RMS(nn.Module):
    def __init__(s, d):
        super().__init__()
        s.w = nn.Parameter(torch.ones(d))

    def forward(s, x):
        return s.w * x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6)


def rope(x, pos, theta=1e6):  # x [B,h,T,d]
    d = x.shape[-1]
    inv = 1.0 / (theta ** (torch.arange(0, d, 2).float() / d))
    fr = pos[:, None].float() * inv[None]
    emb = torch.cat([fr, fr], -1)
    x1, x2 = x[..., :d // 2], x[..., d // 2:]
    return x * emb.cos() + torch.cat([-x2, x1], -1) * emb.sin()


class Block(nn.Module):
    def __init__(s, h, nh=4, nkv=2):
        super().__init__()
        s.nh, s.nkv, s.hd = nh, nkv, h // nh
        s.n1, s.n2 = RMS(h), RMS(h)
        s.q = nn.Linear(h, h)
        s.k = nn.Linear(h, nkv * s.hd)
        s.v = nn.Linear(h, nkv * s.hd)
        s.o = nn.Linear(h, h, bias=False)
        s.g = nn.Linear(h, 3 * h, bias=False)
        s.u = nn.Linear(h, 3 * h, bias=False)
        s.d = nn.Linear(3 * h, h, bias=False)

    def forward(s, x):
        B, T, h = x.shape
        y = s.n1(x)
        pos = torch.arange(T)
        q = rope(s.q(y).view(B, T, s.nh, s.hd).transpose(1, 2), pos)
        k = rope(s.k(y).view(B, T, s.nkv, s.hd).transpose(1, 2), pos).repeat_interleave(s.nh // s.nkv, 1)
        v = s.v(y).view(B, T, s.nkv, s.hd).transpose(1, 2).repeat_interleave(s.nh // s.nkv, 1)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(s.hd)
        att = att.masked_fill(torch.triu(torch.ones(T, T, dtype=torch.bool), 1), float("-inf")).softmax(-1)
        x = x + s.o((att @ v).transpose(1, 2).reshape(B, T, h))
        y = s.n2(x)
        return x + s.d(F.silu(s.g(y)) * s.u(y)), att


class LM(nn.Module):
    def __init__(s, vocab, h, L):
        super().__init__()
        s.emb = nn.Embedding(vocab, h)
        s.blocks = nn.ModuleList(Block(h) for _ in range(L))
        s.norm = RMS(h)
        for m in s.modules():  # HF _init_weights: normal(0, initializer_range), zero bias
            if isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, std=0.02)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
        nn.init.normal_(s.emb.weight, std=0.02)

    def forward(s, e):
        atts, h1 = [], None
        for b in s.blocks:
            e, a = b(e)
            atts.append(a)
            h1 = e if h1 is None else h1
        return s.norm(e) @ s.emb.weight.T, atts, h1


class Projector(nn.Module):
    def __init__(s, dv, inner, h):
        super().__init__()
        s.linear_1, s.linear_2 = nn.Linear(dv, inner), nn.Linear(inner, h)

    def forward(s, x):
        return s.linear_2(F.gelu(s.linear_1(x), approximate="tanh"))


vocab = int(math.ceil(man["vocab_size"] / 32) * 32)
model, proj, probes = LM(vocab, H, args.layers), Projector(64, 256, H), sv.Probes(H)
params = list(model.parameters()) + list(proj.parameters()) + list(probes.parameters())
opt = torch.optim.AdamW(params, lr=args.lr, betas=(0.9, 0.98), weight_decay=0.01)


def fwd(g, idx):
    e = model.emb(g["ids"][idx])
    vis = proj(g["f"][idx])
    e = torch.cat([e[:, :g["vs"]], vis, e[:, g["vs"] + vis.shape[1]:]], 1)
    logits, atts, h1 = model(e)
    return logits[:, -1], atts, h1


tasks = args.tasks.split(",")
frames = [int(f) for f in args.frames.split(",")]
groups = {(t, m): group(t, m) for t in tasks for m in frames}
t0 = time.time()
for step in range(args.steps):
    lr = args.lr * min(1.0, (step + 1) / 50) * max(0.05, 0.5 * (1 + math.cos(math.pi * step / args.steps)))
    for pg in opt.param_groups:
        pg["lr"] = lr
    opt.zero_grad()
    m = frames[step % len(frames)]
    log_terms = {}
    for t in tasks:
        g = groups[(t, m)]
        n = g["ids"].shape[0] - 200
        idx = torch.randint(0, n, (args.bs,))
        a = g["a"][idx]
        lg, atts, h1 = fwd(g, idx)
        circuit, terms = sv.circuit_loss(t, atts[0], atts[1], h1, g["ro"][idx], g["targets"], idx, a, probes, WEIGHTS)
        loss = (F.cross_entropy(lg, OPT[a]) + circuit) / len(tasks)
        loss.backward()
        for k, v in terms.items():
            log_terms[k] = log_terms.get(k, 0) + v / len(tasks)
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()
    if (step + 1) % 50 == 0:
        with torch.no_grad():
            accs = {}
            for t in tasks:
                g = groups[(t, frames[-1])]
                ev = torch.arange(g["ids"].shape[0] - 200, g["ids"].shape[0])
                accs[t] = round((fwd(g, ev)[0][:, OPT].argmax(-1) == g["a"][ev]).float().mean().item(), 2)
        print(f"step {step + 1} {time.time() - t0:.0f}s lr={lr:.1e}", {k: round(v, 3) for k, v in log_terms.items()}, accs, flush=True)
