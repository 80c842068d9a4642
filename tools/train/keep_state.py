#!/usr/bin/env python3
"""Keep a training state in the repository without a second copy of the weights it shares with a shipped model.

A GPU call brings back $OUT/state/<name>.pt (weights, projector, probes, AdamW moments, step, history) and
$OUT/<name>.tar.gz (the exported model). When the exported model *is* the state's weights (train.py writes the selected
step's state last), the repository only needs what the model does not hold: the training-only probes, the step and the history.
This writes that (a few hundred KB), with the model folder and the SHA-256 of its two weight files; train.py --resume
loads the weights from that folder, refuses files whose hash differs, and starts AdamW afresh with a warm-up. Why: the
GPU machine takes 64 MiB of working tree in all (the .NET runtime the GPU tests need is 26 MB of it), and AdamW's
moments are twice the weights (7 MB for the deep pair). Between calls of one session, carry the full state instead
(adopt_call.sh puts it in .device/state).

    python3 tools/train/keep_state.py $OUT/state/synth-qwen2-deep.pt Benchmarks/models/synth-qwen2-deep tools/train/state

Needs only torch (no safetensors package: the format is read directly).
"""
import hashlib
import json
import os
import struct
import sys

import torch

WEIGHT_FILES = ("model.safetensors", "projector.safetensors")
DTYPES = {"F32": torch.float32, "BF16": torch.bfloat16, "F16": torch.float16, "I64": torch.int64}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_safetensors(path):
    """{name: tensor} of a safetensors file (8-byte little-endian header length, JSON header, raw data)."""
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(body[start:end]), dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
    return out


def module_name(name):
    """The transformers module name of a checkpoint tensor name: NemotronH checkpoints keep the original `backbone.`
    prefix (transformers maps it to `model.` on load and back on save)."""
    return "model." + name[len("backbone."):] if name.startswith("backbone.") else name


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        sys.exit(2)
    state_path, model_dir, out_dir = sys.argv[1:]
    state = torch.load(state_path, map_location="cpu", weights_only=False)
    for key, file in (("model", "model.safetensors"), ("projector", "projector.safetensors")):
        shipped = read_safetensors(os.path.join(model_dir, file))
        for name, tensor in shipped.items():
            saved = state[key].get(module_name(name))
            if saved is None or not torch.equal(saved.float(), tensor.float()):
                sys.exit(f"keep_state.py: {state_path}: {key} tensor '{name}' differs from {model_dir}/{file} "
                         "(the state is not the selected step's); keep the full state instead")
    slim = {k: v for k, v in state.items() if k not in ("model", "projector", "optimizer")}
    slim["optimizer"] = None
    slim["weights"] = dict(folder=model_dir, sha256={f: sha256(os.path.join(model_dir, f)) for f in WEIGHT_FILES})
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, os.path.basename(state_path))
    torch.save(slim, out)
    print(f"{out}: step {slim['step']}, weights in {model_dir} ({os.path.getsize(out) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
