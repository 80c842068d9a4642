#!/usr/bin/env python3
"""CPU check of train.py's recipe without transformers (pure torch, runs here on 2 cores).

Reads SynthExport's safetensors groups, builds a small Qwen2-like model (pre-RMSNorm, RoPE, GQA, SwiGLU, tied
embeddings, N(0, 0.02) init), splices projector(features) over the <image> span as train.py does, and trains
with train.py's loss: cross-entropy of the last-position option letter plus the circuit supervision of
supervision.py at the attention layers --hops names. Every 50 steps it prints held-out accuracy per task (the
last 200 rows of each group) and, per task, the first layer whose attention (any head) from the question's
object word puts at least half its mass on the look-up evidence (`L`) and on the second-hop evidence (`H`,
two-hop tasks): where the model reads the video.

    dotnet run --project tools/train/SynthExport -c Release -- /tmp/tr train 8:2000,16:1000
    /usr/bin/python3 tools/train/repro_cpu.py --dir /tmp/tr --frames 8 --steps 600                 # run 6's layout
    /usr/bin/python3 tools/train/repro_cpu.py --dir /tmp/tr --frames 8 --steps 1000 --layers 16 --hidden 64 \
        --heads 2 --kv-heads 1 --hops lookup=5,hop=9,readback=13                                     # deep layout
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
ap.add_argument("--tasks", default="needle-color,temporal,count,order,spatial,neighbor-color")
ap.add_argument("--steps", type=int, default=600)
ap.add_argument("--lr", type=float, default=2e-3)
ap.add_argument("--bs", type=int, default=8)
ap.add_argument("--hidden", type=int, default=128)
ap.add_argument("--layers", type=int, default=4)
ap.add_argument("--heads", type=int, default=4)
ap.add_argument("--kv-heads", type=int, default=2)
ap.add_argument("--mlp", type=int, default=0, help="MLP width (default 3 x hidden)")
ap.add_argument("--hops", default="lookup=0,readback=1", help="attention layers of each hop (supervision.Hops)")
ap.add_argument("--weights", default="lookup=1,count=1,hop=1,readback=1,probe=1,locate=1")
ap.add_argument("--no-locate", action="store_true", help="leave out the locate term (supervision.py)")
ap.add_argument("--plain-init", action="store_true", help="do not zero the output projections of the layers before the look-up")
ap.add_argument("--hold-below", type=int, default=0,
                help="train.py's hold: the layers below the look-up stay frozen (identity) until the look-up term's "
                     "moving average is below 0.3 or for at most this many steps (0: no hold)")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--threads", type=int, default=2)
args = ap.parse_args()
torch.manual_seed(args.seed)
torch.set_num_threads(args.threads)
man = json.load(open(os.path.join(args.dir, "manifest.json")))
OPT = torch.tensor(man["option_token_ids"])
H = args.hidden
WEIGHTS = {k: float(v) for k, v in (kv.split("=") for kv in args.weights.split(","))}
HOPS = sv.Hops.parse(args.hops)


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
    def __init__(s, h, nh, nkv, inner):
        super().__init__()
        s.nh, s.nkv, s.hd = nh, nkv, h // nh
        s.n1, s.n2 = RMS(h), RMS(h)
        s.q = nn.Linear(h, h)
        s.k = nn.Linear(h, nkv * s.hd)
        s.v = nn.Linear(h, nkv * s.hd)
        s.o = nn.Linear(h, h, bias=False)
        s.g = nn.Linear(h, inner, bias=False)
        s.u = nn.Linear(h, inner, bias=False)
        s.d = nn.Linear(inner, h, bias=False)

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
        s.blocks = nn.ModuleList(Block(h, args.heads, args.kv_heads, args.mlp or 3 * h) for _ in range(L))
        s.norm = RMS(h)
        for m in s.modules():  # HF _init_weights: normal(0, initializer_range), zero bias
            if isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, std=0.02)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
        nn.init.normal_(s.emb.weight, std=0.02)

    def forward(s, e):
        """Logits, and per layer the attention [B, H, T, T] and the block output [B, T, h] (every layer attends)."""
        atts, hidden = [], []
        for b in s.blocks:
            e, a = b(e)
            atts.append(a)
            hidden.append(e)
        return s.norm(e) @ s.emb.weight.T, atts, hidden


class Projector(nn.Module):
    def __init__(s, dv, inner, h):
        super().__init__()
        s.linear_1, s.linear_2 = nn.Linear(dv, inner), nn.Linear(inner, h)

    def forward(s, x):
        return s.linear_2(F.gelu(s.linear_1(x), approximate="tanh"))


vocab = int(math.ceil(man["vocab_size"] / 32) * 32)
model, proj, probes = LM(vocab, H, args.layers), Projector(64, 256, H), sv.Probes(H)
if not args.plain_init:
    # train.py's identity_before: the layers below the look-up start as the identity (zero output projections).
    for b in model.blocks[:HOPS.lookup]:
        nn.init.zeros_(b.o.weight)
        nn.init.zeros_(b.d.weight)
params = list(model.parameters()) + list(proj.parameters()) + list(probes.parameters())
opt = torch.optim.AdamW(params, lr=args.lr, betas=(0.9, 0.98), weight_decay=0.01)


def fwd(g, idx):
    e = model.emb(g["ids"][idx])
    vis = proj(g["f"][idx])
    e = torch.cat([e[:, :g["vs"]], vis, e[:, g["vs"] + vis.shape[1]:]], 1)
    logits, atts, hidden = model(e)
    return logits[:, -1], atts, hidden


def first_reads(atts, relevant_object, targets, idx, two_hop):
    """'L<i>' (and 'H<j>' for two-hop tasks): the first layer where some head's attention from the last question
    object word puts >= 0.5 of its mass (mean over samples) on the named object's tokens (i) / on the other
    ground-truth tokens (j); '-' when none does."""
    named = (relevant_object == targets.last_object[idx, None]).float()                      # [B, V]
    other = ((relevant_object >= 0) & (relevant_object != targets.last_object[idx, None])).float()
    out = []
    for tag, mask in [("L", named)] + ([("H", other)] if two_hop else []):
        layer = next((i for i, a in enumerate(atts)
                      if float((sv.visual_attention(a, targets.last_row, targets) * mask[:, None]).sum(-1).mean(0).max()) >= 0.5), None)
        out.append(f"{tag}{'-' if layer is None else layer}")
    return "".join(out)


tasks = args.tasks.split(",")
frames = [int(f) for f in args.frames.split(",")]
below = [p for b in model.blocks[:HOPS.lookup] for p in b.parameters()]
holding = args.hold_below > 0 and bool(below)
for p in below:
    p.requires_grad_(not holding)
lookup_ema = None
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
        lg, atts, hidden = fwd(g, idx)
        circuit, terms = sv.circuit_loss(t, dict(enumerate(atts)), dict(enumerate(hidden)), g["ro"][idx], g["targets"], idx, a,
                                         probes, WEIGHTS, HOPS, None if args.no_locate else g["f"][idx])
        loss = (F.cross_entropy(lg, OPT[a]) + circuit) / len(tasks)
        loss.backward()
        for k, v in terms.items():
            log_terms[k] = log_terms.get(k, 0) + v / len(tasks)
    torch.nn.utils.clip_grad_norm_([p for p in params if p.grad is not None], 1.0)
    opt.step()
    lookup_ema = log_terms["lookup"] if lookup_ema is None else 0.9 * lookup_ema + 0.1 * log_terms["lookup"]
    if holding and (lookup_ema < 0.3 or step + 1 >= args.hold_below):
        holding = False
        for p in below:
            p.requires_grad_(True)
        print(f"step {step + 1}: layers below the look-up released (look-up term {lookup_ema:.3f})", flush=True)
    if (step + 1) % 50 == 0:
        with torch.no_grad():
            accs, reads = {}, {}
            for t in tasks:
                g = groups[(t, frames[-1])]
                ev = torch.arange(g["ids"].shape[0] - 200, g["ids"].shape[0])
                lg, atts, _ = fwd(g, ev)
                accs[t] = round((lg[:, OPT].argmax(-1) == g["a"][ev]).float().mean().item(), 2)
                reads[t] = first_reads(atts, g["ro"][ev], g["targets"], ev, t in sv.TWO_HOP_TASKS)
        print(f"step {step + 1} {time.time() - t0:.0f}s lr={lr:.1e}", {k: round(v, 3) for k, v in log_terms.items()}, accs, reads, flush=True)
