#!/usr/bin/env python3
"""Export a real long-video benchmark as a PruneBench sample pack.

Runs where the real VLM and the videos are (a GPU machine with transformers and internet access or a
local model copy); PruneBench itself never downloads anything. The pack holds, per question, the exact
input of the VLM's language model: the prompt ids with the visual span marked, and the post-projector
visual embeddings of that span. PruneBench then runs the language model alone (its LLM checkpoint,
saved with --save-lm) under every token-reduction method.

    python3 tools/export/export_pack.py \
        --model llava-hf/llava-onevision-qwen2-7b-ov-hf \
        --benchmark videomme --annotations videomme/test-00000-of-00001.parquet --videos videomme/videos \
        --frames 32 --limit 300 --out packs/videomme-llava-ov-7b --save-lm models/llava-ov-7b-lm

Then:  prunebench run --model models/llava-ov-7b-lm --benchmark pack:packs/videomme-llava-ov-7b ...

Pack layout (docs/benchmarks.md has the full field list; PruneBench.Benchmarks.Packs validates it):
    pack.json        {format_version: 1, benchmark, model, hidden_size, dtype, vocab_size, description}
    samples.jsonl    {id, task, input_ids, visual_start, frames, tokens_per_frame, grid_rows,
                      option_token_ids, answer, duration}
    features/<id>.safetensors   embeddings [frames * tokens_per_frame, hidden]

How the embeddings are captured: a forward pre-hook on the language model records `inputs_embeds`
of the prefill (after the VLM has merged its projected video features into the token embeddings), so
the export is model-agnostic: whatever the VLM does before its LLM (vision tower, projector, pooling)
is included. The visual span is the run of positions whose id is the video (or image) placeholder.

Supported benchmark annotation formats (--benchmark):
    videomme        parquet/json rows: videoID, question_id, question, options ["A. ..", ..], answer "A",
                    duration (short/medium/long), task_type
    mlvu            json list: video, question, candidates [..], answer (text), question_type
    longvideobench  json list: id, video_path, question, candidates [..], correct_choice (int),
                    duration_group (seconds), question_category
    egoschema       json list: q_uid, question, option 0..4, and --answers subset_answers.json
    mvbench         json list per task file: video, question, candidates [..], answer (text);
                    the task is the file's stem

Caveats, stated in docs/benchmarks.md too:
  * Models with multi-axis RoPE in the LLM (Qwen2-VL / Qwen2.5-VL M-RoPE) get plain 1-D positions in
    PruneBench's engine; prefer VLMs whose LLM uses 1-D RoPE or none (LLaVA-OneVision / LLaVA-Video on
    Qwen2, Nemotron Nano VL on nemotron_h).
  * A span that is not frames x tokens_per_frame (e.g. LLaVA-OneVision's single trailing newline
    embedding) is rejected unless --drop-extra-visual-rows N drops the last N rows of the span.
"""
import argparse
import json
import os
import re
import sys

import torch

LETTERS = "ABCDE"


# ----------------------------------------------------------------------------- annotations

def read_table(path):
    if path.endswith(".parquet"):
        import pandas as pd
        return pd.read_parquet(path).to_dict("records")
    with open(path) as f:
        if path.endswith(".jsonl"):
            return [json.loads(line) for line in f if line.strip()]
        data = json.load(f)
    return data if isinstance(data, list) else list(data.values())


def find_video(videos, name):
    for candidate in (name, name + ".mp4", name + ".mkv", name + ".webm", name + ".avi"):
        path = os.path.join(videos, candidate)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(f"video '{name}' not found under {videos}")


def safe_id(text):
    return re.sub(r"[^A-Za-z0-9._-]", "_", str(text)).lstrip(".")


def load_questions(args):
    """Uniform records: id, task, video, question, options [text], answer (index), duration or None."""
    rows = read_table(args.annotations)
    out = []
    if args.benchmark == "videomme":
        for r in rows:
            options = [re.sub(r"^[A-E]\.\s*", "", str(o)) for o in r["options"]]
            out.append(dict(id=safe_id(r["question_id"]), task=r.get("task_type", "videomme"),
                            video=find_video(args.videos, r["videoID"]), question=r["question"], options=options,
                            answer=LETTERS.index(str(r["answer"]).strip()[0]), duration=r.get("duration")))
    elif args.benchmark == "mlvu":
        for i, r in enumerate(rows):
            cands = list(r["candidates"])
            out.append(dict(id=safe_id(f"mlvu-{i}"), task=r.get("question_type", "mlvu"),
                            video=find_video(args.videos, r["video"]), question=r["question"], options=cands,
                            answer=cands.index(r["answer"]), duration=None))
    elif args.benchmark == "longvideobench":
        for r in rows:
            seconds = float(r.get("duration_group", 0))
            bucket = "short" if seconds <= 60 else "medium" if seconds <= 600 else "long"
            out.append(dict(id=safe_id(r["id"]), task=r.get("question_category", "longvideobench"),
                            video=find_video(args.videos, r["video_path"]), question=r["question"],
                            options=list(r["candidates"]), answer=int(r["correct_choice"]), duration=bucket))
    elif args.benchmark == "egoschema":
        if not args.answers:
            sys.exit("egoschema needs --answers subset_answers.json (only the public subset has answers)")
        answers = json.load(open(args.answers))
        for r in rows:
            if r["q_uid"] not in answers:
                continue
            out.append(dict(id=safe_id(r["q_uid"]), task="egoschema", video=find_video(args.videos, r["q_uid"]),
                            question=r["question"], options=[r[f"option {k}"] for k in range(5)],
                            answer=int(answers[r["q_uid"]]), duration="long"))
    elif args.benchmark == "mvbench":
        task = os.path.splitext(os.path.basename(args.annotations))[0]
        for i, r in enumerate(rows):
            cands = list(r["candidates"])
            out.append(dict(id=safe_id(f"{task}-{i}"), task=task, video=find_video(args.videos, r["video"]),
                            question=r["question"], options=cands, answer=cands.index(r["answer"]), duration="short"))
    else:
        sys.exit(f"unknown benchmark {args.benchmark}")
    return out[: args.limit] if args.limit else out


# ----------------------------------------------------------------------------- video

def sample_frames(path, count):
    """count frames uniformly over the video as a uint8 array [count, H, W, 3]."""
    try:
        from decord import VideoReader, cpu
        vr = VideoReader(path, ctx=cpu(0))
        idx = [int((i + 0.5) * len(vr) / count) for i in range(count)]
        return vr.get_batch(idx).asnumpy()
    except ImportError:
        import av
        import numpy as np
        with av.open(path) as container:
            frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
        idx = [int((i + 0.5) * len(frames) / count) for i in range(count)]
        return np.stack([frames[i] for i in idx])


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


def build_prompt(processor, q):
    options = "\n".join(f"{LETTERS[i]}. {o}" for i, o in enumerate(q["options"]))
    text = (f"{q['question']}\n{options}\nAnswer with the option's letter from the given choices directly.")
    conversation = [{"role": "user", "content": [{"type": "video"}, {"type": "text", "text": text}]}]
    return processor.apply_chat_template(conversation, add_generation_prompt=True)


def export_one(model, processor, lm, q, args, placeholder_ids):
    frames = sample_frames(q["video"], args.frames)
    prompt = build_prompt(processor, q)
    inputs = processor(text=prompt, videos=[frames], return_tensors="pt").to(model.device)
    captured = {}

    def hook(module, a, kw):
        if "inputs_embeds" in kw and kw["inputs_embeds"] is not None and "embeds" not in captured:
            captured["embeds"] = kw["inputs_embeds"][0].detach()

    handle = lm.register_forward_pre_hook(hook, with_kwargs=True)
    try:
        with torch.no_grad():
            model(**inputs, use_cache=False)
    finally:
        handle.remove()
    ids = inputs["input_ids"][0].tolist()
    span = [i for i, t in enumerate(ids) if t in placeholder_ids]
    if not span or span != list(range(span[0], span[0] + len(span))):
        raise ValueError(f"{q['id']}: the visual placeholders are not one contiguous span")
    start, length = span[0], len(span) - args.drop_extra_visual_rows
    groups = args.frames // args.temporal_merge
    if length % groups:
        raise ValueError(f"{q['id']}: visual span of {length} rows is not {groups} frames x n "
                         f"(use --drop-extra-visual-rows or --temporal-merge)")
    embeds = captured["embeds"][start:start + length].to(torch.float32 if args.dtype == "f32" else
                                                          torch.float16 if args.dtype == "f16" else torch.bfloat16)
    # The dropped rows leave the prompt too, so ids and embeddings stay aligned.
    ids = ids[:start + length] + ids[start + len(span):]
    tok = processor.tokenizer
    option_ids = [tok.convert_tokens_to_ids(LETTERS[i]) for i in range(len(q["options"]))]
    record = dict(id=q["id"], task=str(q["task"]), input_ids=ids, visual_start=start, frames=groups,
                  tokens_per_frame=length // groups, grid_rows=args.grid_rows, option_token_ids=option_ids,
                  answer=int(q["answer"]))
    if q.get("duration") in ("short", "medium", "long"):
        record["duration"] = q["duration"]
    return record, embeds.contiguous().cpu()


def save_language_model(model, lm, out):
    """Save the VLM's LLM as a plain Hugging Face causal LM folder PruneBench can load."""
    from transformers import AutoModelForCausalLM
    text_config = getattr(model.config, "text_config", None) or model.config
    causal = AutoModelForCausalLM.from_config(text_config, torch_dtype=next(lm.parameters()).dtype)
    base = causal.base_model
    missing, unexpected = base.load_state_dict(lm.state_dict(), strict=False)
    if missing or unexpected:
        sys.exit(f"--save-lm: the language model does not match {type(causal).__name__}: missing {missing[:5]}, unexpected {unexpected[:5]}")
    causal.lm_head.load_state_dict(model.lm_head.state_dict() if hasattr(model, "lm_head") else model.get_output_embeddings().state_dict())
    causal.save_pretrained(out, safe_serialization=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="Hugging Face id or folder of the VLM")
    ap.add_argument("--benchmark", required=True, choices=["videomme", "mlvu", "longvideobench", "egoschema", "mvbench"])
    ap.add_argument("--annotations", required=True)
    ap.add_argument("--answers", help="EgoSchema subset_answers.json")
    ap.add_argument("--videos", required=True)
    ap.add_argument("--frames", type=int, default=32, help="frames sampled uniformly per video")
    ap.add_argument("--temporal-merge", type=int, default=1, help="frames merged per visual time step (2 for Qwen2-VL)")
    ap.add_argument("--grid-rows", type=int, default=0, help="patch rows per frame (0 = as square as possible)")
    ap.add_argument("--drop-extra-visual-rows", type=int, default=0)
    ap.add_argument("--dtype", choices=["f32", "f16", "bf16"], default="f16")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--save-lm", help="also save the LLM as a plain causal-LM folder here")
    args = ap.parse_args()

    from transformers import AutoModelForImageTextToText, AutoProcessor
    processor = AutoProcessor.from_pretrained(args.model)
    model = AutoModelForImageTextToText.from_pretrained(args.model, torch_dtype=torch.bfloat16, device_map="auto").eval()
    lm = language_model_of(model)
    placeholder_ids = {i for i in (getattr(model.config, "video_token_id", None), getattr(model.config, "video_token_index", None),
                                   getattr(model.config, "image_token_id", None), getattr(model.config, "image_token_index", None))
                       if i is not None}
    from safetensors.torch import save_file
    os.makedirs(os.path.join(args.out, "features"), exist_ok=True)
    questions = load_questions(args)
    written = failed = 0
    hidden = None
    with open(os.path.join(args.out, "samples.jsonl"), "w") as lines:
        for q in questions:
            try:
                record, embeds = export_one(model, processor, lm, q, args, placeholder_ids)
            except Exception as e:  # report and continue: one broken video must not stop a benchmark
                failed += 1
                print(f"skip {q['id']}: {e}", file=sys.stderr)
                continue
            hidden = embeds.shape[1]
            save_file({"embeddings": embeds}, os.path.join(args.out, "features", record["id"] + ".safetensors"))
            lines.write(json.dumps(record) + "\n")
            written += 1
    text_config = getattr(model.config, "text_config", None) or model.config
    manifest = dict(format_version=1, benchmark=args.benchmark, model=args.model, hidden_size=hidden or text_config.hidden_size,
                    dtype=args.dtype, vocab_size=text_config.vocab_size,
                    description=f"tools/export/export_pack.py: {args.frames} frames uniformly sampled, "
                                f"temporal merge {args.temporal_merge}, annotations {os.path.basename(args.annotations)}")
    with open(os.path.join(args.out, "pack.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(f"wrote {written} samples to {args.out} ({failed} skipped)")
    if args.save_lm:
        save_language_model(model, lm, args.save_lm)
        print(f"saved the language model to {args.save_lm}")


if __name__ == "__main__":
    main()
