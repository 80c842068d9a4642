#!/usr/bin/env python3
"""Export a real long-video benchmark as a PruneBench sample pack.

Runs where the real VLM and the videos are (a GPU machine with transformers 5.x and a local model copy);
PruneBench never downloads anything. The pack holds, per question, the exact input of the VLM's
language model, captured from the VLM's own forward pass: the prompt ids with the visual span marked,
the post-projector visual embeddings of that span, the LLM's RoPE position ids (3-D for M-RoPE models),
and the embeddings of prompt rows that are not vocabulary tokens (LLaVA-OneVision's image_newline).

Questions come as a normalised JSONL written by `prunebench pack questions` (the C# readers of the
VideoMME / MLVU / LongVideoBench / EgoSchema / MVBench annotation layouts, tested in
tests/PruneBench.Benchmarks.Tests/Annotations; docs/real-models.md):

    prunebench pack questions --benchmark videomme --annotations videomme/test-00000-of-00001.parquet \\
        --videos videomme/data --out videomme.questions.jsonl
    python3 tools/export/export_pack.py --model models/llava-onevision-qwen2-7b-ov-hf \\
        --questions videomme.questions.jsonl --videos videomme/data --frames 32 --out packs/videomme-ov7b \\
        --save-model models/ov7b

Then:  prunebench pack check packs/videomme-ov7b --model models/ov7b
       prunebench run --model models/ov7b --benchmark pack:packs/videomme-ov7b --method fastv ...

Pack layout (docs/benchmarks.md has every field; PruneBench.Benchmarks.Packs validates it):
    pack.json        {format_version: 1, benchmark, model, hidden_size, dtype, vocab_size, description}
    samples.jsonl    {id, task, input_ids, visual_start, frames, tokens_per_frame, grid_rows,
                      option_token_ids, answer, duration, [position_ids], [text_embedding_rows]}
    features/<id>.safetensors   embeddings [frames*tokens_per_frame, hidden] (+ text_embeddings [k, hidden])
    export_timing.csv           id, vision_ms (vision tower + projector + merge), llm_ms (LLM prefill)

Capture: forward pre/post hooks on the VLM's language model record `inputs_embeds` and `position_ids` of
the prefill, after the VLM merged its projected video features into the token embeddings, so whatever the
VLM does before its LLM (vision tower, projector, pooling, newline rows) is included exactly.

Frame grid: Qwen2-VL / Qwen2.5-VL take it from video_grid_thw (frames = t, rows x cols = h/merge x w/merge);
LLaVA-OneVision from the vision tower (rows = cols = ceil(image_size / patch_size / 2), after its 2x2
bilinear pooling) and its one trailing image_newline row becomes a text_embedding_row; any other VLM
needs --tokens-per-frame. A span that is not frames x tokens_per_frame (+ trailing newline rows) is
refused for that sample: e.g. Nemotron Nano VL's EVS, which prunes video tokens before the LLM (turn it
off with --video-pruning-rate 0 for the unreduced baseline; docs/real-models.md).
"""
import argparse
import csv
import json
import math
import os
import sys
import time

import torch

LETTERS = "ABCDEFGHIJ"


# ----------------------------------------------------------------------------- questions

def read_questions(path):
    """The normalised JSONL of `prunebench pack questions`: one question per line."""
    required = ("id", "benchmark", "task", "video", "question", "options", "answer")
    out = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            q = json.loads(line)
            missing = [k for k in required if k not in q]
            if missing:
                sys.exit(f"{path} line {n}: missing {', '.join(missing)} (write it with `prunebench pack questions`)")
            out.append(q)
    return out


# ----------------------------------------------------------------------------- video

def sample_frames(path, count, start=None, end=None):
    """count frames uniformly over [start, end] seconds (default: the whole video), as uint8 [count, H, W, 3].

    Frame i is taken at the middle of the i-th of count equal segments (lmms-eval's uniform sampling)."""
    try:
        from decord import VideoReader, cpu
        vr = VideoReader(path, ctx=cpu(0))
        fps, total = float(vr.get_avg_fps()), len(vr)
        first, last = _frame_bounds(fps, total, start, end)
        idx = [first + int((i + 0.5) * (last - first) / count) for i in range(count)]
        return vr.get_batch(idx).asnumpy()
    except ImportError:
        import av
        import numpy as np
        with av.open(path) as container:
            stream = container.streams.video[0]
            fps = float(stream.average_rate or 1)
            frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
        first, last = _frame_bounds(fps, len(frames), start, end)
        idx = [first + int((i + 0.5) * (last - first) / count) for i in range(count)]
        return np.stack([frames[i] for i in idx])


def _frame_bounds(fps, total, start, end):
    first = max(0, int(start * fps)) if start is not None else 0
    last = min(total, int(math.ceil(end * fps))) if end is not None else total
    if last <= first:
        first, last = 0, total
    return first, last


# ----------------------------------------------------------------------------- model

def language_model_of(model):
    for path in ("model.language_model", "language_model", "model.llm", "llm"):
        m = model
        try:
            for part in path.split("."):
                m = getattr(m, part)
            return m
        except AttributeError:
            continue
    sys.exit("could not find the VLM's language model (tried model.language_model, language_model, llm)")


def placeholder_ids(config):
    """Ids the processor writes where video (or image) features go."""
    names = ("video_token_id", "video_token_index", "image_token_id", "image_token_index")
    return {getattr(config, n) for n in names if getattr(config, n, None) is not None}


def text_config_of(config):
    return getattr(config, "text_config", None) or getattr(config, "llm_config", None) or config


def capture_llm_inputs(model, inputs):
    """Runs the VLM's full forward once (fp32 or the model's dtype, no cache).

    Returns dict(logits [vocab] at the last position, embeds [L, H] the LLM's inputs_embeds,
    position_ids [A, L] long or None when the LLM was given none, vision_ms, llm_ms)."""
    lm = language_model_of(model)
    captured, clock = {}, {}

    def before(module, args, kwargs):
        if "embeds" in captured:
            return
        sync()
        clock["llm_start"] = time.perf_counter()
        captured["embeds"] = kwargs["inputs_embeds"][0].detach()
        pos = kwargs.get("position_ids")
        if pos is not None:
            pos = pos.detach()
            # [3, 1, L] for M-RoPE; transformers 5 may prepend the text positions as a 4th row.
            pos = pos[-3:, 0] if pos.dim() == 3 else pos[0][None]
        captured["position_ids"] = pos

    def after(module, args, kwargs, output):
        if "llm_end" not in clock:
            sync()
            clock["llm_end"] = time.perf_counter()

    h1 = lm.register_forward_pre_hook(before, with_kwargs=True)
    h2 = lm.register_forward_hook(after, with_kwargs=True)
    try:
        with torch.no_grad():
            sync()
            start = time.perf_counter()
            out = model(**inputs, use_cache=False)
            sync()
            total = time.perf_counter() - start
    finally:
        h1.remove()
        h2.remove()
    llm_ms = 1000 * (clock["llm_end"] - clock["llm_start"])
    return dict(logits=out.logits[0, -1].detach().float(), embeds=captured["embeds"],
                position_ids=captured["position_ids"], vision_ms=1000 * total - llm_ms, llm_ms=llm_ms)


def sync():
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def frame_grid(config, inputs, frames, span_length, tokens_per_frame=0):
    """(frames, tokens_per_frame, grid_rows, trailing_rows) of one video span.

    trailing_rows: rows at the end of the span that are not frame tokens (LLaVA-OneVision's image_newline)."""
    if "video_grid_thw" in inputs:  # Qwen2-VL / Qwen2.5-VL / Qwen3-VL
        t, h, w = (int(v) for v in inputs["video_grid_thw"][0])
        merge = config.vision_config.spatial_merge_size
        return t, (h // merge) * (w // merge), h // merge, span_length - t * (h // merge) * (w // merge)
    model_type = getattr(config, "model_type", "")
    if model_type == "llava_onevision":
        side = math.ceil(config.vision_config.image_size // config.vision_config.patch_size / 2)
        return frames, side * side, side, span_length - frames * side * side
    if tokens_per_frame <= 0:
        raise ValueError(f"model_type '{model_type}': give --tokens-per-frame (no known frame grid)")
    rows = int(math.isqrt(tokens_per_frame))
    while rows > 1 and tokens_per_frame % rows:
        rows -= 1
    return frames, tokens_per_frame, rows, span_length - frames * tokens_per_frame


def make_record(sid, task, ids, captured, placeholders, grid, option_ids, answer, duration, dtype):
    """One samples.jsonl line and its feature tensors from a captured forward.

    ids: the prompt's input ids (list); grid: frame_grid(...) of the span; dtype: torch dtype of the features."""
    span = [i for i, t in enumerate(ids) if t in placeholders]
    if not span or span != list(range(span[0], span[0] + len(span))):
        raise ValueError(f"{sid}: the visual placeholders are not one contiguous span")
    frames, per_frame, rows, trailing = grid
    start, visual = span[0], frames * per_frame
    if trailing < 0 or trailing > 2 or len(span) != visual + trailing:
        raise ValueError(f"{sid}: visual span of {len(span)} rows is not {frames} frames x {per_frame} tokens "
                         f"(+ at most 2 trailing rows); was the video pruned before the LLM (EVS)?")
    embeds = captured["embeds"]
    if embeds.shape[0] != len(ids):
        raise ValueError(f"{sid}: the LLM received {embeds.shape[0]} rows for {len(ids)} prompt ids")
    record = dict(id=sid, task=str(task), input_ids=[int(t) for t in ids], visual_start=start, frames=frames,
                  tokens_per_frame=per_frame, grid_rows=rows, option_token_ids=[int(t) for t in option_ids],
                  answer=int(answer))
    if duration in ("short", "medium", "long"):
        record["duration"] = duration
    tensors = {"embeddings": embeds[start:start + visual].to(dtype).contiguous().cpu()}
    if trailing:
        record["text_embedding_rows"] = list(range(start + visual, start + visual + trailing))
        tensors["text_embeddings"] = embeds[start + visual:start + visual + trailing].to(dtype).contiguous().cpu()
    pos = captured["position_ids"]
    if pos is not None and not (pos.shape[0] == 1 and torch.equal(pos[0].cpu(), torch.arange(len(ids)))):
        record["position_ids"] = [[int(p) for p in axis] for axis in pos.cpu()]
    return record, tensors


def write_pack(out, manifest, items, timing):
    """pack.json, samples.jsonl, features/<id>.safetensors and export_timing.csv."""
    from safetensors.torch import save_file
    os.makedirs(os.path.join(out, "features"), exist_ok=True)
    with open(os.path.join(out, "samples.jsonl"), "w") as lines:
        for record, tensors in items:
            save_file(tensors, os.path.join(out, "features", record["id"] + ".safetensors"))
            lines.write(json.dumps(record) + "\n")
    with open(os.path.join(out, "pack.json"), "w") as f:
        json.dump(dict(format_version=1, **manifest), f, indent=2)
    with open(os.path.join(out, "export_timing.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "vision_ms", "llm_ms"])
        w.writerows(timing)


# ----------------------------------------------------------------------------- real benchmarks

def build_prompt(processor, q):
    options = "\n".join(f"{LETTERS[i]}. {o}" for i, o in enumerate(q["options"]))
    text = f"{q['question']}\n{options}\nAnswer with the option's letter from the given choices directly."
    conversation = [{"role": "user", "content": [{"type": "video"}, {"type": "text", "text": text}]}]
    return processor.apply_chat_template(conversation, add_generation_prompt=True)


def option_token_ids(tokenizer, count):
    ids = []
    for letter in LETTERS[:count]:
        enc = tokenizer.encode(letter, add_special_tokens=False)
        if len(enc) != 1:
            raise ValueError(f"option letter '{letter}' is not one token ({enc})")
        ids.append(enc[0])
    return ids


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="local folder (or Hugging Face id) of the VLM")
    ap.add_argument("--questions", required=True, help="normalised JSONL from `prunebench pack questions`")
    ap.add_argument("--videos", required=True, help="the benchmark's videos folder (question videos are relative to it)")
    ap.add_argument("--frames", type=int, default=32, help="frames sampled uniformly per video (docs/real-models.md)")
    ap.add_argument("--tokens-per-frame", type=int, default=0, help="only for VLMs without a known frame grid")
    ap.add_argument("--dtype", choices=["f32", "f16", "bf16"], default="bf16", help="feature dtype (bf16: the model's own)")
    ap.add_argument("--video-pruning-rate", type=float, default=None,
                    help="set config.video_pruning_rate (Nemotron Nano VL EVS); 0 = unreduced baseline")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--save-model", help="also save the VLM here in transformers 5 layout (prunebench loads its LLM)")
    args = ap.parse_args()

    from transformers import AutoConfig, AutoModelForImageTextToText, AutoProcessor
    config = AutoConfig.from_pretrained(args.model, trust_remote_code=True)
    if args.video_pruning_rate is not None:
        if not hasattr(config, "video_pruning_rate"):
            sys.exit(f"{args.model}: config has no video_pruning_rate (no EVS to set)")
        config.video_pruning_rate = args.video_pruning_rate
    processor = AutoProcessor.from_pretrained(args.model, trust_remote_code=True)
    model = AutoModelForImageTextToText.from_pretrained(args.model, config=config, dtype=torch.bfloat16,
                                                        device_map="auto", trust_remote_code=True).eval()
    placeholders = placeholder_ids(model.config)
    dtype = {"f32": torch.float32, "f16": torch.float16, "bf16": torch.bfloat16}[args.dtype]
    questions = read_questions(args.questions)[: args.limit or None]
    items, timing, failed = [], [], 0
    for q in questions:
        try:
            frames = sample_frames(os.path.join(args.videos, q["video"]), args.frames, q.get("start_s"), q.get("end_s"))
            inputs = processor(text=build_prompt(processor, q), videos=[frames], return_tensors="pt").to(model.device)
            captured = capture_llm_inputs(model, inputs)
            ids = inputs["input_ids"][0].tolist()
            span = sum(1 for t in ids if t in placeholders)
            grid = frame_grid(model.config, inputs, args.frames, span, args.tokens_per_frame)
            record, tensors = make_record(q["id"], q["task"], ids, captured, placeholders, grid,
                                          option_token_ids(processor.tokenizer, len(q["options"])), q["answer"],
                                          q.get("duration"), dtype)
        except Exception as e:  # report and continue: one broken video must not stop a benchmark
            failed += 1
            print(f"skip {q['id']}: {e}", file=sys.stderr)
            continue
        items.append((record, tensors))
        timing.append([q["id"], f"{captured['vision_ms']:.2f}", f"{captured['llm_ms']:.2f}"])
    text = text_config_of(model.config)
    benchmark = questions[0]["benchmark"] if questions else "unknown"
    write_pack(args.out, dict(benchmark=benchmark, model=args.model, hidden_size=text.hidden_size, dtype=args.dtype,
                              vocab_size=text.vocab_size,
                              description=f"tools/export/export_pack.py: {args.frames} frames uniformly sampled; "
                                          f"questions {os.path.basename(args.questions)}"), items, timing)
    print(f"wrote {len(items)} samples to {args.out} ({failed} skipped)")
    if args.save_model:
        model.save_pretrained(args.save_model)
        print(f"saved the VLM to {args.save_model}")


if __name__ == "__main__":
    main()
