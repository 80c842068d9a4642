#!/usr/bin/env python3
"""CPU reproduction of tools/train/train.py's data path and curriculum without transformers (pure torch).

Reads SynthExport's safetensors groups (m = 8 frames; densities 0.00, 0.25, 1.00 of one export dir),
builds a small Qwen2-like model (pre-RMSNorm, RoPE, SwiGLU, tied embeddings, HF-style N(0, 0.02) init),
splices projector(features) over the <image> span exactly as train.py does, and trains with train.py's
loss (full-vocabulary CE of the last position on the option letter + the auxiliary 4-way head from the
question's object word on), AdamW, warm-up, clipping, and the adaptive curriculum (a stage ends when the
EMA loss < 1.0 after >= 150 steps, or at --steps). Prints held-out accuracy (rows 1800-1999) per task.

    dotnet run --project tools/train/SynthExport -c Release -- /tmp/tr train 8:2000:0,8:2000:0.25,8:2000
    /usr/bin/python3 tools/train/repro_cpu.py --dir /tmp/tr --bs 8 --hidden 64 --layers 2 --steps 700
    /usr/bin/python3 tools/train/repro_cpu.py --dir /tmp/tr --tasks needle-color --bs 16 --hidden 64 --layers 2 --fixed 0.00 --steps 200
"""
import argparse
import json
import math
import os
import random
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

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
        out[name] = np.frombuffer(raw[8 + n + a:8 + n + b], dtype=DTYPES[t["dtype"]]).reshape(t["shape"])
    return out


ap = argparse.ArgumentParser()
ap.add_argument("--dir", default="/tmp/tr")
ap.add_argument("--tasks", default="needle-color,temporal,count,order,spatial")
ap.add_argument("--fixed", default="", help="train on this one density (e.g. 0.00) for --steps steps instead of the curriculum")
ap.add_argument("--steps", type=int, default=300)
ap.add_argument("--lr", type=float, default=2e-3)
ap.add_argument("--warmup", type=int, default=100)
ap.add_argument("--bs", type=int, default=32)
ap.add_argument("--hidden", type=int, default=128)
ap.add_argument("--layers", type=int, default=4)
ap.add_argument("--emb_std", type=float, default=0.02)
ap.add_argument("--lin_std", type=float, default=0.02)
ap.add_argument("--aux", type=float, default=1.0)
ap.add_argument("--tied", type=int, default=1)
ap.add_argument("--seed", type=int, default=1)
args = ap.parse_args()
torch.manual_seed(args.seed); torch.set_num_threads(2)
man = json.load(open(os.path.join(args.dir, "manifest.json")))
OPT = torch.tensor(man["option_token_ids"]); H = args.hidden

def group(task, d):
    x = load(os.path.join(args.dir, f"train_{task}_m8_d{d}.safetensors"))
    ids = torch.from_numpy(np.array(x["input_ids"])); row = ids[0].tolist()
    q = row.index(man["question_mark_id"], 8); objs = set(man["object_token_ids"])
    return dict(f=torch.from_numpy(np.array(x["features"])), ids=ids, a=torch.from_numpy(np.array(x["answer"])),
                vs=int(x["visual_start"][0]), aux=max(p for p in range(q) if row[p] in objs))

class RMS(nn.Module):
    def __init__(s, d): super().__init__(); s.w = nn.Parameter(torch.ones(d))
    def forward(s, x): return s.w * x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6)

def rope(x, pos):  # x [B,h,T,d]
    d = x.shape[-1]; inv = 1.0 / (10000 ** (torch.arange(0, d, 2).float() / d))
    fr = pos[:, None].float() * inv[None]; emb = torch.cat([fr, fr], -1); cos, sin = emb.cos(), emb.sin()
    x1, x2 = x[..., :d // 2], x[..., d // 2:]
    return x * cos + torch.cat([-x2, x1], -1) * sin

class Block(nn.Module):
    def __init__(s, h, nh=4):
        super().__init__(); s.nh = nh; s.n1 = RMS(h); s.n2 = RMS(h)
        s.q = nn.Linear(h, h); s.k = nn.Linear(h, h); s.v = nn.Linear(h, h); s.o = nn.Linear(h, h, bias=False)
        s.g = nn.Linear(h, 3 * h, bias=False); s.u = nn.Linear(h, 3 * h, bias=False); s.d = nn.Linear(3 * h, h, bias=False)
    def forward(s, x):
        B, T, h = x.shape; y = s.n1(x); pos = torch.arange(T)
        sp = lambda t: t.view(B, T, s.nh, h // s.nh).transpose(1, 2)
        q, k, v = rope(sp(s.q(y)), pos), rope(sp(s.k(y)), pos), sp(s.v(y))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(h // s.nh)
        att = att.masked_fill(torch.triu(torch.ones(T, T, dtype=torch.bool), 1), float("-inf")).softmax(-1)
        x = x + s.o((att @ v).transpose(1, 2).reshape(B, T, h))
        y = s.n2(x); return x + s.d(F.silu(s.g(y)) * s.u(y))

class LM(nn.Module):
    def __init__(s, vocab, h, L):
        super().__init__(); s.emb = nn.Embedding(vocab, h); s.blocks = nn.ModuleList(Block(h) for _ in range(L)); s.norm = RMS(h)
        s.head = None if args.tied else nn.Linear(h, vocab, bias=False)
        for m in s.modules():  # HF _init_weights: normal(0, initializer_range), zero bias
            if isinstance(m, nn.Linear): nn.init.normal_(m.weight, std=args.lin_std); m.bias is not None and nn.init.zeros_(m.bias)
        nn.init.normal_(s.emb.weight, std=args.emb_std)
    def forward(s, e):
        for b in s.blocks: e = b(e)
        h = s.norm(e); W = s.emb.weight if s.head is None else s.head.weight
        return h @ W.T, h

class Projector(nn.Module):
    def __init__(s, dv, inner, h):
        super().__init__(); s.linear_1 = nn.Linear(dv, inner); s.linear_2 = nn.Linear(inner, h)
    def forward(s, x): return s.linear_2(F.gelu(s.linear_1(x), approximate="tanh"))

vocab = int(math.ceil(man["vocab_size"] / 32) * 32)
model = LM(vocab, H, args.layers); proj = Projector(64, 256, H); auxh = nn.Linear(H, 4)
params = list(model.parameters()) + list(proj.parameters()) + list(auxh.parameters())
opt = torch.optim.AdamW(params, lr=args.lr, betas=(0.9, 0.98), weight_decay=0.01)

def fwd(g, idx):
    ids = g["ids"][idx]; e = model.emb(ids); vis = proj(g["f"][idx]); v = vis.shape[1]; vs = g["vs"]
    e = torch.cat([e[:, :vs], vis, e[:, vs + v:]], 1)
    logits, h = model(e); return logits[:, -1], h[:, g["aux"]:]

tasks = args.tasks.split(",")
def run(density, steps):
    gs = {t: group(t, density) for t in tasks}
    ev = {t: torch.arange(1800, 2000) for t in tasks}  # held-out rows of the train groups
    t0 = time.time(); hist = []
    for step in range(steps):
        lr = args.lr * min(1.0, (step + 1) / args.warmup)
        for pg in opt.param_groups: pg["lr"] = lr
        opt.zero_grad(); tot = 0
        for t in tasks:
            g = gs[t]; idx = torch.randint(0, 1800, (args.bs,)); a = g["a"][idx]
            lg, h = fwd(g, idx); ax = auxh(h)
            loss = (F.cross_entropy(lg, OPT[a]) + args.aux * F.cross_entropy(ax.reshape(-1, 4), a.repeat_interleave(ax.shape[1]))) / len(tasks)
            loss.backward(); tot += loss.item()
        gn = torch.nn.utils.clip_grad_norm_(params, 1.0); opt.step(); hist.append(tot)
        if (step + 1) % 25 == 0:
            with torch.no_grad():
                accs = {t: (fwd(gs[t], ev[t])[0][:, OPT].argmax(-1) == gs[t]["a"][ev[t]]).float().mean().item() for t in tasks}
            print(f"d={density} step {step+1} {time.time()-t0:.0f}s loss={np.mean(hist[-25:]):.3f} gn={gn:.2f}", {k: round(v, 2) for k, v in accs.items()}, flush=True)
if args.fixed:
    run(args.fixed, args.steps)
    raise SystemExit(0)
# Adaptive curriculum as in train.py: advance when EMA loss < 1.0 after >= 150 steps, or at the step cap.
stages = [("0.00", args.steps), ("0.25", args.steps), ("1.00", 10 ** 9)]
gs = {d: {t: group(t, d) for t in tasks} for d, _ in stages}
ev = torch.arange(1800, 2000); t0 = time.time(); step = 0; rng = random.Random(args.seed)
for si, (d, cap) in enumerate(stages):
    ema, n, hist = None, 0, []
    while n < cap and not (n >= 150 and ema < 1.0):
        replay = si > 0 and rng.random() < 0.2
        dd = stages[rng.randrange(si)][0] if replay else d
        lr = args.lr * min(1.0, (step + 1) / args.warmup)
        for pg in opt.param_groups: pg["lr"] = lr
        opt.zero_grad(); tot = 0
        for t in tasks:
            g = gs[dd][t]; idx = torch.randint(0, 1800, (args.bs,)); a = g["a"][idx]
            lg, h = fwd(g, idx); ax = auxh(h)
            loss = (F.cross_entropy(lg, OPT[a]) + args.aux * F.cross_entropy(ax.reshape(-1, 4), a.repeat_interleave(ax.shape[1]))) / len(tasks)
            loss.backward(); tot += loss.item()
        torch.nn.utils.clip_grad_norm_(params, 1.0); opt.step(); step += 1
        if not replay:
            n += 1; hist.append(tot); ema = tot if ema is None else 0.95 * ema + 0.05 * tot
        if step % 25 == 0:
            with torch.no_grad():
                accs = {t: (fwd(gs[d][t], ev)[0][:, OPT].argmax(-1) == gs[d][t]["a"][ev]).float().mean().item() for t in tasks}
            print(f"stage d={d} step {step} ({n} in stage) {time.time()-t0:.0f}s loss={np.mean(hist[-25:]):.3f} ema={ema:.3f}", {k: round(v, 2) for k, v in accs.items()}, flush=True)
    print(f"== stage d={d} done after {n} steps, ema {ema:.3f}", flush=True)
