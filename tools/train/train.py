#!/usr/bin/env python3
"""Train PruneBench's shipped synthetic-suite models (runs on the GPU machine only).

The C# generator is the source of truth for the data: tools/train/SynthExport (packed with
../shared/device/pack-dotnet.sh) writes the train and test splits as safetensors groups, one file per
(task, frames) with
    features         f32 [N, m*n, D_v]  raw visual features
    input_ids        i64 [N, T]         prompt ids; the visual span holds <image>
    answer           i64 [N]            correct option 0..3
    relevant_object  i64 [N, m*n]       object id of each ground-truth token, -1 elsewhere
    visual_start     i64 [1]            first row of the visual span
plus manifest.json and vlm.json (vocabulary, option ids, projector kind).

Each model is the real transformers class (Qwen2ForCausalLM, NemotronHForCausalLM) fed with
inputs_embeds: the token embeddings with the visual span replaced by projector(features), so tensor
names and semantics are exactly what the C# engine loads. The projector is LLaVA-style:
Linear(D_v, H) -> GELU(tanh) -> Linear(H, hidden), trained jointly. Loss: cross-entropy of the
full-vocabulary logits at the last position ("Answer:") against the correct option letter, plus the
training-only circuit supervision of supervision.py (attention targets for the look-up from the question's
object words into the video, a <bos>-sink target that makes counting possible, the second hop of the two-hop
tasks, the read-back from "Answer:" to the object words, and attribute probes) at the attention layers HOPS
names per model. Runs 1-5 (docs/benchmarks.md) show why: without a target for each hop the models sit at chance,
and with the look-up alone only the one-hop tasks learn. The deep models (issue 15) look up at mid depth and read
back late, so the video is still needed there.

    python3 tools/train/train.py --train /tmp/synth/train --val /tmp/synth/val --out /tmp/models \
        --models synth-qwen2 --budget 420 --state-out /tmp/state [--resume /tmp/state]

Writes OUT/<name>/{config.json, model.safetensors, vlm.json, projector.safetensors} (fp32; the best
validation-accuracy weights seen) and, with --tar-to, OUT_TAR/<name>.tar.gz; with --state-out, the full training
state (weights, probes, optimiser, step) so a later call can continue with --resume.
"""
import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import transformers
from safetensors.torch import load_file, save_file
from transformers import AutoConfig, AutoModelForCausalLM

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fast_paths  # noqa: E402
import keep_state  # noqa: E402
import supervision as sv  # noqa: E402
from resume_check import config_mismatch, shape_mismatch  # noqa: E402

HIDDEN = 128
MODELS = {
    # Dense Transformer in the Qwen2 layout (q/k/v biases, tied embeddings, RoPE). A large RoPE base keeps
    # the content match of the look-up nearly position-free across a 512-frame video (as Qwen2-7B's 1e6).
    "synth-qwen2": dict(model_type="qwen2", num_hidden_layers=4, hidden_size=HIDDEN, intermediate_size=384,
                        num_attention_heads=4, num_key_value_heads=2, head_dim=32, rope_theta=1000000.0,
                        max_position_embeddings=32768, rms_norm_eps=1e-6, tie_word_embeddings=True),
    # NemotronH hybrid: M = Mamba2, * = attention (no RoPE), - = MLP (relu^2).
    "synth-nemotronh": dict(model_type="nemotron_h", num_hidden_layers=8, hybrid_override_pattern="M*-M*-M-",
                            hidden_size=HIDDEN, intermediate_size=512, num_attention_heads=4, num_key_value_heads=2,
                            head_dim=32, mamba_num_heads=8, mamba_head_dim=32, ssm_state_size=16, n_groups=1,
                            conv_kernel=4, chunk_size=128, mamba_hidden_act="silu", mlp_hidden_act="relu2",
                            attention_bias=False, mlp_bias=False, use_bias=False, use_conv_bias=True,
                            layer_norm_epsilon=1e-5, residual_in_fp32=False, tie_word_embeddings=False,
                            max_position_embeddings=32768, use_mamba_kernels=False),
    # Issue 15's deep models: 22 layers, the fewest with which every built-in method realises budget 0.25 with
    # its defaults (stateful's ramp from layer 1 reaches 0.258 at best on 20 layers; vas needs a scored layer at
    # index 4 and fastv an attention layer by index 4; measured with random weights, docs/benchmarks.md), at hidden
    # 64 so the C# CPU engine's per-layer cost is half that at 128 (~12 against ~24 ms at 64 frames x 16 tokens).
    "synth-qwen2-deep": dict(model_type="qwen2", num_hidden_layers=22, hidden_size=64, intermediate_size=192,
                             num_attention_heads=2, num_key_value_heads=1, head_dim=32, rope_theta=1000000.0,
                             max_position_embeddings=32768, rms_norm_eps=1e-6, tie_word_embeddings=True),
    # The real NemotronH rhythm (Mamba2 / MLP pairs, an attention layer every few pairs): (M-M-*-) x 3 + M-M-,
    # attention at layers 4, 10 and 16 of 22; 8 Mamba2, 3 attention, 11 MLP layers.
    "synth-nemotronh-deep": dict(model_type="nemotron_h", num_hidden_layers=22, hybrid_override_pattern="M-M-*-M-M-*-M-M-*-M-M-",
                                 hidden_size=64, intermediate_size=192, num_attention_heads=2, num_key_value_heads=1,
                                 head_dim=32, mamba_num_heads=4, mamba_head_dim=32, ssm_state_size=16, n_groups=1,
                                 conv_kernel=4, chunk_size=128, mamba_hidden_act="silu", mlp_hidden_act="relu2",
                                 attention_bias=False, mlp_bias=False, use_bias=False, use_conv_bias=True,
                                 layer_norm_epsilon=1e-5, residual_in_fp32=False, tie_word_embeddings=False,
                                 max_position_embeddings=32768, use_mamba_kernels=False),
}
# Which attention layer (index among the model's attention layers) does which hop of the circuit
# (supervision.Hops). qwen2-deep also gets early relevance at layer 1 (supervision.early_loss): without it every
# query-aware method scored at or below random on it at budget 0.25 (docs/benchmarks.md); nemotronh-deep's first
# attention layer is its look-up (layer 4), where FastV and VAS already score. The first models read the video in their first attention layer; the deep ones look up at
# mid depth (qwen2-deep layer 8 of 22; nemotronh-deep its first attention layer, 4 of 22, after two Mamba2
# layers), take the two-hop tasks' second hop later (13; 10) and read back late (18; 16).
HOPS = {
    "synth-qwen2": sv.Hops(lookup=0, readback=1),
    "synth-nemotronh": sv.Hops(lookup=0, readback=1),
    "synth-qwen2-deep": sv.Hops(lookup=8, hop=13, readback=18, early=1),
    "synth-nemotronh-deep": sv.Hops(lookup=0, hop=1, readback=2),
}
PEAK_LR = {"synth-qwen2": 2e-3, "synth-nemotronh": 1.5e-3, "synth-qwen2-deep": 1.5e-3, "synth-nemotronh-deep": 1.5e-3}
PROJECTOR_INNER = 256
# Tokens per micro-batch (one task, one frame count). The first NemotronH ran transformers' reference PyTorch scan
# (no mamba_ssm), so it got smaller micro-batches; the deep models train with fast_paths (SDPA where the supervision
# does not look, Triton SSD), launch-bound at these widths, so larger micro-batches cost little time per step.
TRAIN_TOKENS = {"synth-qwen2": 24576, "synth-nemotronh": 8192, "synth-qwen2-deep": 32768, "synth-nemotronh-deep": 24576}
EVAL_TOKENS = {"synth-qwen2": 32768, "synth-nemotronh": 16384, "synth-qwen2-deep": 32768, "synth-nemotronh-deep": 16384}
# Frame counts are drawn with these weights (the evaluated length, 64, most often); groups absent from the
# export are ignored.
FRAME_WEIGHTS = {8: 1, 16: 1, 32: 2, 48: 1, 64: 3, 96: 1, 128: 1}
CIRCUIT_WEIGHTS = {"lookup": 1.0, "count": 1.0, "hop": 1.0, "readback": 1.0, "probe": 0.5, "locate": 0.5, "early": 0.5}
# The locate term (supervision.py) gives the look-up a target for *where* the named object is, which the second hop
# of neighbor-color queries with; --no-locate leaves it out.
LOCATE = True
# The count target's <bos> weight (supervision.count_loss): 1 trained the shipped models; --count-sink 3.5 widens the
# gap between 3 and 4 matches that they confuse.
COUNT_SINK = 1.0
# A fresh deep model keeps the layers below its look-up frozen at the identity until the look-up is learned (moving
# average of the look-up term below HOLD_UNTIL) or for HOLD_MAX_STEPS steps: on the CPU a look-up supervised above
# freely trained layers learned several times slower than one at layer 0 (docs/benchmarks.md, Deep models).
HOLD_UNTIL, HOLD_MAX_STEPS = 0.3, 1500
# Per-task loss weights: `count` is the last task to converge (its read-out of the <bos> share is the finest). The
# colour tasks doubled from the deep models' third GPU call on (needle-color 0.30-0.38 -> 0.96-0.98, qwen2-deep's
# neighbor-color 0.29 -> 0.93; docs/benchmarks.md), count raised to 3 after it stayed at 0.70-0.78 there.
TASK_WEIGHTS = {"count": 3.0, "needle-color": 2.0, "neighbor-color": 2.0}
WARMUP_STEPS = 100
FLAT_UNTIL = 0.6          # fraction of the call's budget at the peak learning rate (runs 1-7 decayed from the start: 0)
EVAL_EVERY_S = 30.0


def log(*a):
    print(f"[{time.strftime('%H:%M:%S')}]", *a, flush=True)


class Projector(nn.Module):
    """LLaVA-style 2-layer MLP; tensor names match PruneBench.Benchmarks.Vlm.VisualProjector."""

    def __init__(self, dv, inner, hidden):
        super().__init__()
        self.linear_1 = nn.Linear(dv, inner)
        self.act = nn.GELU(approximate="tanh")
        self.linear_2 = nn.Linear(inner, hidden)

    def forward(self, x):
        return self.linear_2(self.act(self.linear_1(x)))


def load_split(directory, device, with_targets):
    manifest = json.load(open(os.path.join(directory, "manifest.json")))
    groups = []
    for g in manifest["groups"]:
        if float(g.get("distractor_density", 1.0)) != 1.0:
            continue                                                   # curriculum groups of runs 3-5: unused
        t = load_file(os.path.join(directory, g["file"]))
        ids = t["input_ids"].to(device)                                 # [N, T]
        features = t["features"].to(device)                             # [N, V, D_v]
        visual_start = int(t["visual_start"][0])
        group = dict(task=g["task"], frames=g["frames"], features=features, ids=ids,
                     answer=t["answer"].to(device), visual_start=visual_start)
        if with_targets:
            group["relevant_object"] = t["relevant_object"].to(device)  # [N, V]
            group["targets"] = sv.GroupTargets(ids, visual_start, features.shape[1], manifest)
        groups.append(group)
    return manifest, groups


class Recorder:
    """Forward hooks that keep, per training forward pass, the attention probabilities ([B, H, T, T], eager
    attention returns them) of the attention layers `hops` supervises and the output of the blocks holding the
    look-up and the second hop, keyed by attention-layer index. Off unless `recording` (evaluation must not pile
    up [B, H, T, T] tensors: run 6 ran out of memory so)."""

    def __init__(self, model, hops):
        self.attentions, self.hidden, self.recording = {}, {}, False
        blocks = []                                                    # (layer index, attention module), in depth order
        for i, layer in enumerate(model.model.layers):
            attention = [m for m in layer.children() if type(m).__name__.endswith("Attention")]
            if attention:
                blocks.append((i, attention[0]))
        if not blocks or hops.layers()[-1] >= len(blocks):
            raise RuntimeError(f"the model has {len(blocks)} attention layers; {hops} needs {hops.layers()[-1] + 1}")
        for a in hops.layers():
            blocks[a][1].register_forward_hook(self._attention(a))
        for a in {hops.lookup, hops.hop} - {None}:
            model.model.layers[blocks[a][0]].register_forward_hook(self._block(a))
        self.layer_of = {a: blocks[a][0] for a in hops.layers()}       # attention-layer index -> model layer index

    def start(self):
        self.attentions, self.hidden, self.recording = {}, {}, True

    def stop(self):
        self.recording = False

    def _attention(self, index):
        def hook(module, inputs, output):
            if self.recording:
                self.attentions[index] = output[1]
        return hook

    def _block(self, index):
        def hook(module, inputs, output):
            if self.recording:
                self.hidden[index] = output[0] if isinstance(output, tuple) else output
        return hook


def forward(model, projector, ids, features, visual_start):
    """Logits [B, vocab] at the last position for prompts ids [B, T] with features [B, V, D_v]."""
    emb = model.get_input_embeddings()(ids)                            # [B, T, hidden]
    vis = projector(features)                                          # [B, V, hidden]
    emb = torch.cat([emb[:, :visual_start], vis, emb[:, visual_start + vis.shape[1]:]], dim=1)
    # The vocabulary is tiny (< 100), so full logits cost nothing and no backbone attribute is assumed.
    return model(inputs_embeds=emb, use_cache=False).logits[:, -1]


@torch.no_grad()
def evaluate(name, model, projector, groups, option_ids):
    model.eval()
    per_task = {}
    for g in groups:
        n = g["ids"].shape[0]
        bs = max(1, EVAL_TOKENS[name] // g["ids"].shape[1])
        correct = 0
        for i in range(0, n, bs):
            logits = forward(model, projector, g["ids"][i:i + bs], g["features"][i:i + bs], g["visual_start"])
            correct += int((logits[:, option_ids].argmax(-1) == g["answer"][i:i + bs]).sum())
        c, t = per_task.get(g["task"], (0, 0))
        per_task[g["task"]] = (c + correct, t + n)
    model.train()
    total = sum(c for c, _ in per_task.values()) / max(1, sum(t for _, t in per_task.values()))
    return total, {k: c / t for k, (c, t) in per_task.items()}


def build(name, vocab_size, device):
    cfg = dict(MODELS[name])
    model_type = cfg.pop("model_type")
    config = AutoConfig.for_model(model_type, vocab_size=vocab_size, bos_token_id=1, eos_token_id=2, pad_token_id=0, **cfg)
    # Eager attention: the circuit supervision needs the attention probabilities.
    return AutoModelForCausalLM.from_config(config, attn_implementation="eager").float().to(device)


def identity_before(model, layer):
    """Zeroes the output projections (attention o_proj, MLP down_proj, Mamba out_proj) of model layers 0..layer-1,
    so each starts as the identity on the residual stream; with the hold (HOLD_UNTIL) they stay so until the look-up
    is learned. Measured on the CPU (docs/benchmarks.md, Deep models): with freely trained layers below it, a
    look-up supervised at mid depth barely learns in a few hundred steps (identity start alone did not change that:
    AdamW moves the zeroed weights within a few steps); held at the identity it learns as fast as one at layer 0.
    Training init only."""
    for block in model.model.layers[:layer]:
        for name, module in block.named_modules():
            if name.split(".")[-1] in ("o_proj", "down_proj", "out_proj") and isinstance(module, nn.Linear):
                nn.init.zeros_(module.weight)


def snapshot(module):
    return {k: v.detach().clone() for k, v in module.state_dict().items()}


def shipped_weights(path, weights, model, device):
    """(model state dict, projector state dict) from the exported folder a kept state names (keep_state.py), after
    checking the SHA-256 of its weight files; a tied lm_head, absent from the file, is taken from the model."""
    folder = weights["folder"]
    for file, digest in weights["sha256"].items():
        if keep_state.sha256(os.path.join(folder, file)) != digest:
            print(f"train.py: --resume: {path}: {folder}/{file} is not the file this state was kept with (SHA-256 differs); "
                  "resume from the full state of that model's call instead", file=sys.stderr)
            sys.exit(2)
    tensors = {keep_state.module_name(k): v for k, v in load_file(os.path.join(folder, "model.safetensors"), device=device).items()}
    if model.config.tie_word_embeddings and "lm_head.weight" not in tensors:
        tensors["lm_head.weight"] = tensors["model.embed_tokens.weight"]
    return tensors, load_file(os.path.join(folder, "projector.safetensors"), device=device)


def compact_optimizer_state(state):
    """AdamW's moments in bf16 (a third less state to carry to the next call: the GPU machine takes 64 MiB of tree in
    all). Optimizer.load_state_dict casts them back to the parameters' fp32; bf16's 8-bit mantissa is far finer than
    what the moments' noise resolves."""
    per_param = {k: {n: (v.to(torch.bfloat16) if n in ("exp_avg", "exp_avg_sq") else v) for n, v in s.items()}
                 for k, s in state["state"].items()}
    return dict(state, state=per_param)


def save_state(state_out, name, model, projector, probes, opt, step, history, architecture, hops, best_accuracy):
    """The full training state, written atomically (a call cut off at its time limit keeps the last one)."""
    os.makedirs(state_out, exist_ok=True)
    path = os.path.join(state_out, name + ".pt")
    torch.save(dict(model=model.state_dict(), projector=projector.state_dict(), probes=probes.state_dict(),
                    optimizer=compact_optimizer_state(opt.state_dict()), step=step, history=history,
                    architecture=architecture, hops=vars(hops), best_accuracy=best_accuracy), path + ".tmp")
    os.replace(path + ".tmp", path)


def train_one(name, train_groups, val_groups, manifest, budget_s, device, seed, resume, state_out, lr_scale, fast=True):
    start = time.time()                                                # the budget includes set-up (fast_paths' check compiles Triton)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    vocab_size = int(math.ceil(manifest["vocab_size"] / 32) * 32)
    hidden = MODELS[name]["hidden_size"]
    hops = HOPS[name]
    model = build(name, vocab_size, device)
    projector = Projector(manifest["feature_dim"], PROJECTOR_INNER, hidden).to(device)
    probes = sv.Probes(hidden).to(device)                               # training only, not saved
    recorder = Recorder(model, hops)
    identity_before(model, recorder.layer_of[hops.lookup])             # overwritten below when resuming
    params = list(model.parameters()) + list(projector.parameters()) + list(probes.parameters())
    log(name, "parameters", sum(p.numel() for p in params), "vocab", vocab_size, "config", MODELS[name],
        "hops", hops, "at model layers", recorder.layer_of)
    resume = resume if resume and os.path.exists(os.path.join(resume, name + ".pt")) else ""
    peak_lr = PEAK_LR[name] * (lr_scale if resume else 1.0)
    opt = torch.optim.AdamW(params, lr=peak_lr, betas=(0.9, 0.98), weight_decay=0.01)
    step, history = 0, []
    fresh_optimizer = True
    architecture = dict(MODELS[name], vocab_size=vocab_size, feature_dim=manifest["feature_dim"], projector_inner=PROJECTOR_INNER)
    if resume:
        path = os.path.join(resume, name + ".pt")
        state = torch.load(path, map_location=device, weights_only=False)
        if "model" not in state:                                        # kept by keep_state.py: weights in a model folder
            state["model"], state["projector"] = shipped_weights(path, state["weights"], model, device)
        # Another shape would fail deep inside load_state_dict (or, for the optimiser, silently mismatch): one line instead.
        problem = (config_mismatch(path, state["architecture"], architecture) if "architecture" in state else None) or \
            shape_mismatch(path, "model", {k: tuple(v.shape) for k, v in state["model"].items()}, {k: tuple(v.shape) for k, v in model.state_dict().items()}) or \
            shape_mismatch(path, "projector", {k: tuple(v.shape) for k, v in state["projector"].items()}, {k: tuple(v.shape) for k, v in projector.state_dict().items()})
        if problem:
            print(f"train.py: --resume: {problem}", file=sys.stderr)
            sys.exit(2)
        model.load_state_dict(state["model"])
        projector.load_state_dict(state["projector"])
        # Probes are training-only heads; a state saved before a task's probe existed lacks that head (it starts fresh).
        probes.load_state_dict(state["probes"], strict=False)
        if state.get("optimizer") is not None:                          # a kept state (keep_state.py) has none
            opt.load_state_dict(state["optimizer"])
            fresh_optimizer = False
        step, history = state["step"], state["history"]
        log(f"{name}: resumed at step {step} (best validation accuracy so far {state['best_accuracy']:.4f})")
    option_ids = torch.tensor(manifest["option_token_ids"], device=device)
    by_key = {(g["task"], g["frames"]): g for g in train_groups}
    tasks = sorted({g["task"] for g in train_groups})
    frames = sorted({g["frames"] for g in train_groups if all((t, g["frames"]) in by_key for t in tasks)})
    weights = [FRAME_WEIGHTS.get(m, 1) for m in frames]
    log(name, "tasks", tasks, "frames", frames, "weights", weights)
    probe = by_key[(tasks[0], 64 if 64 in frames else frames[-1])]        # > one 128-row SSD chunk at 64 frames
    paths = fast_paths.enable(model, set(recorder.layer_of.values()),
                              lambda: forward(model, projector, probe["ids"][:2], probe["features"][:2], probe["visual_start"]),
                              lambda line: log(name, line)) if fast else "fast paths off (--reference)"

    # The early relevance layer's attention (if any) trains during the hold: its target is an attention pattern, which
    # its q/k projections learn whatever the layers around it do.
    early_attention = set()
    if hops.early is not None:
        early_attention = {id(p) for m in model.model.layers[recorder.layer_of[hops.early]].children()
                           if type(m).__name__.endswith("Attention") for p in m.parameters()}
    below = [p for block in model.model.layers[:recorder.layer_of[hops.lookup]] for p in block.parameters()
             if id(p) not in early_attention]
    holding = not resume and bool(below)
    for p in below:
        p.requires_grad_(not holding)
    lookup_ema = None
    last_eval = time.time()
    best = (-1.0, None, None, None, None)                              # accuracy, model, projector, step, probes
    first_step = step
    loop_start = time.time()
    model.train()
    while time.time() - start < budget_s:
        frac = (time.time() - start) / budget_s
        # A fresh optimiser (new model, or a kept state without AdamW's moments) warms up; a full state continues.
        warm = 1.0 if not fresh_optimizer else min(1.0, (step - first_step + 1) / WARMUP_STEPS)
        # Flat, then a cosine over the last FLAT_UNTIL..1 of the call: the deep models get a few hundred steps per call,
        # and on the CPU a look-up's value path needed ~300 steps at the full rate (docs/benchmarks.md, Deep models).
        decay = max(0.0, (frac - FLAT_UNTIL) / (1 - FLAT_UNTIL))
        lr = peak_lr * warm * max(0.05, 0.5 * (1 + math.cos(math.pi * decay)))
        for group in opt.param_groups:
            group["lr"] = lr
        m = rng.choices(frames, weights)[0]
        opt.zero_grad(set_to_none=True)
        total_main, terms_sum, per_task = 0.0, {}, {}
        for task in tasks:
            g = by_key[(task, m)]
            n, length = g["ids"].shape
            bs = max(4, min(128, TRAIN_TOKENS[name] // length))
            idx = torch.randint(0, n, (bs,), device=device)
            answer = g["answer"][idx]
            recorder.start()
            logits = forward(model, projector, g["ids"][idx], g["features"][idx], g["visual_start"])
            recorder.stop()
            if any(recorder.attentions.get(a) is None for a in hops.layers()):
                raise RuntimeError(f"{name}: expected attention probabilities from attention layers {hops.layers()} (eager attention)")
            main = F.cross_entropy(logits.float(), option_ids[answer])
            circuit, terms = sv.circuit_loss(task, {a: p.float() for a, p in recorder.attentions.items()}, recorder.hidden,
                                             g["relevant_object"][idx], g["targets"], idx, answer, probes, CIRCUIT_WEIGHTS, hops,
                                             g["features"][idx] if LOCATE else None, COUNT_SINK)
            (TASK_WEIGHTS.get(task, 1.0) * (main + circuit) / len(tasks)).backward()
            total_main += float(main.detach()) / len(tasks)
            # Per task: the answer loss and the terms that differ by task (which one lags shows where the circuit breaks).
            per_task[task] = {"main": round(float(main.detach()), 3), **{k: round(terms[k], 3) for k in ("probe", "hop") if k in terms}}
            for k, v in terms.items():
                terms_sum[k] = terms_sum.get(k, 0.0) + v / len(tasks)
        torch.nn.utils.clip_grad_norm_([p for p in params if p.grad is not None], 1.0)
        opt.step()
        step += 1
        lookup_ema = terms_sum["lookup"] if lookup_ema is None else 0.9 * lookup_ema + 0.1 * terms_sum["lookup"]
        if holding and (lookup_ema < HOLD_UNTIL or step - first_step >= HOLD_MAX_STEPS):
            holding = False
            for p in below:
                p.requires_grad_(True)
            log(f"{name} step {step}: layers below the look-up released (look-up term {lookup_ema:.3f})")
        if step % 100 == 0:
            log(f"{name} step {step} t={time.time() - start:.0f}s ({(step - first_step) / (time.time() - loop_start):.2f} steps/s) frames={m} lr={lr:.2e} main={total_main:.4f}",
                {k: round(v, 4) for k, v in terms_sum.items()})
            log(f"{name} step {step} per task:", per_task)
        if time.time() - last_eval > EVAL_EVERY_S:
            last_eval = time.time()
            acc, per = evaluate(name, model, projector, val_groups, option_ids)
            history.append(dict(step=step, accuracy=round(acc, 4), per_task={k: round(v, 3) for k, v in per.items()}))
            log(f"{name} eval step {step}: acc={acc:.4f}", {k: round(v, 3) for k, v in per.items()})
            if acc > best[0]:
                best = (acc, snapshot(model), snapshot(projector), step, snapshot(probes))
            if state_out:
                save_state(state_out, name, model, projector, probes, opt, step, history, architecture, hops, best[0])
            if acc >= 0.995:
                log(name, "reached 99.5 %, stopping early")
                break
    acc, per = evaluate(name, model, projector, val_groups, option_ids)
    log(f"{name} final step {step}: acc={acc:.4f}", per)
    if state_out:
        save_state(state_out, name, model, projector, probes, opt, step, history, architecture, hops, max(acc, best[0]))
    selected = step
    if acc < best[0]:
        selected = best[3]
        model.load_state_dict(best[1])
        projector.load_state_dict(best[2])
        probes.load_state_dict(best[4])
        acc, per = evaluate(name, model, projector, val_groups, option_ids)
        log(f"{name} restored best (step {best[3]}): acc={acc:.4f}", per)
        if state_out:
            # The state continues from the model that ships (keep_state.py can then keep it); AdamW's moments are the
            # last step's, a few dozen steps later: close enough for the warm restart of the next call.
            save_state(state_out, name, model, projector, probes, opt, selected, history, architecture, hops, best[0])
    log(f"{name} selected step {selected}: validation accuracy {acc:.4f}; per task " +
        ", ".join(f"{k} {v:.3f}" for k, v in sorted(per.items())))
    return model, projector, dict(steps=step, selected_step=selected, seconds_this_call=round(time.time() - start, 1), val_accuracy=round(acc, 4),
                                  val_accuracy_per_task={k: round(v, 4) for k, v in per.items()},
                                  circuit_weights=CIRCUIT_WEIGHTS, task_weights=TASK_WEIGHTS, count_sink=COUNT_SINK, hops=vars(hops),
                                  hops_at_model_layers=recorder.layer_of, locate=LOCATE, flat_until=FLAT_UNTIL,
                                  train_tokens=TRAIN_TOKENS[name], frames=frames, forwards=paths)


def save(name, model, projector, template_path, out_dir, info):
    d = os.path.join(out_dir, name)
    shutil.rmtree(d, ignore_errors=True)
    model = model.to("cpu").float()
    model.save_pretrained(d, safe_serialization=True)
    save_file({k: v.detach().cpu().float().contiguous() for k, v in projector.state_dict().items()},
              os.path.join(d, "projector.safetensors"))
    wiring = json.load(open(template_path))
    wiring["training"] = dict(info, script="tools/train/train.py", model_config=MODELS[name],
                              projector_inner=PROJECTOR_INNER, torch=torch.__version__,
                              transformers=transformers.__version__)
    with open(os.path.join(d, "vlm.json"), "w") as f:
        json.dump(wiring, f, indent=2)
    return d


def main():
    global LOCATE, COUNT_SINK
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--val", required=True,
                    help="split evaluated every 30 s to pick the checkpoint; keep it disjoint from synth/test "
                         "(device_train.sh exports the train split under suite seed 1)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--models", default="synth-qwen2,synth-nemotronh")
    ap.add_argument("--budget", type=float, default=420.0, help="seconds of training for each model")
    ap.add_argument("--tar-to", default="")
    ap.add_argument("--state-out", default="", help="folder for the full training state (to continue later)")
    ap.add_argument("--resume", default="", help="folder of a --state-out to continue from (a model without a state there starts afresh)")
    ap.add_argument("--lr-scale", type=float, default=1.0, help="peak learning rate multiplier for a resumed model")
    ap.add_argument("--task-weight", action="append", default=[], help="TASK=W, overrides TASK_WEIGHTS (repeatable)")
    ap.add_argument("--train-tokens", type=int, default=0, help="tokens per micro-batch, overrides TRAIN_TOKENS")
    ap.add_argument("--hops", action="append", default=[],
                    help="MODEL:lookup=I,hop=J,readback=K overrides HOPS (attention-layer indices; repeatable)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-locate", action="store_true", help="leave out the locate term of the circuit supervision")
    ap.add_argument("--count-sink", type=float, default=COUNT_SINK,
                    help="the count target's <bos> weight s (s/(s+c) on <bos>, 1/(s+c) per match; > 0)")
    ap.add_argument("--reference", action="store_true", help="train with the reference forwards only (no fast_paths)")
    args = ap.parse_args()
    LOCATE = not args.no_locate
    if not args.count_sink > 0:
        ap.error(f"--count-sink {args.count_sink}: must be > 0")
    COUNT_SINK = args.count_sink
    for item in args.hops:
        model_name, spec = item.split(":", 1)
        HOPS[model_name] = sv.Hops.parse(spec)
    for item in args.task_weight:
        task, weight = item.split("=")
        TASK_WEIGHTS[task] = float(weight)
    if args.train_tokens:
        for name in TRAIN_TOKENS:
            TRAIN_TOKENS[name] = args.train_tokens
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    log("torch", torch.__version__, "transformers", transformers.__version__, "device", device)
    t0 = time.time()
    manifest, train_groups = load_split(args.train, device, with_targets=True)
    _, val_groups = load_split(args.val, device, with_targets=False)
    log(f"loaded {len(train_groups)} train and {len(val_groups)} validation groups in {time.time() - t0:.1f}s")
    for i, name in enumerate(args.models.split(",")):
        model, projector, info = train_one(name, train_groups, val_groups, manifest, args.budget, device, args.seed + i,
                                           args.resume, args.state_out, args.lr_scale, fast=not args.reference)
        d = save(name, model, projector, os.path.join(args.train, "vlm.json"), args.out, info)
        log("saved", d, sorted(os.listdir(d)))
        if args.tar_to:
            os.makedirs(args.tar_to, exist_ok=True)
            subprocess.run(["tar", "-C", args.out, "-czf", os.path.join(args.tar_to, name + ".tar.gz"), name], check=True)
        del model, projector
        torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
