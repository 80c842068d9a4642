#!/usr/bin/env python3
"""Tiny random-weight VLMs, their packs and transformers' reference logits: PruneBench's end-to-end VLM parity.

Runs on the GPU machine only (transformers 5.x + PyTorch 2.x; no network, no tokenizer needed). Everything is
computed on the CPU in fp32 with eager attention, so the numbers are the reference implementation's.

    cd <repo root> && python3 tools/export/make_vlm_fixtures.py --out $OUT/vlm

writes $OUT/vlm/vlm-fixtures.tar.gz and $OUT/vlm/make_vlm_fixtures.log. Unpack into tests/fixtures:

    tar -xzf vlm-fixtures.tar.gz -C tests/fixtures

End to end (tests/PruneBench.Benchmarks.Tests/Vlm/VlmPackParityTests.cs), per VLM:
    vlm/<name>/model/            save_pretrained of the whole VLM (config.json + model.safetensors)
    vlm/<name>/pack/             the pack written by tools/export/export_pack.py's own functions from the
                                 VLM's full ForConditionalGeneration forward on a random video tensor
    vlm/<name>/reference.safetensors
        last_logits      f32 [vocab]  the VLM's logits at the last prompt position (full forward)
        keep_visual      i64 [k]      a fixed keep-set: every third visual token (indices into the span)
        keep_last_logits f32 [vocab]  the VLM's language model on the kept rows at their original positions
  llava_onevision: qwen2 LLM, 1-D RoPE, SigLIP tower, 2x2 pooled frames + one image_newline row after them
  qwen2_5_vl:      qwen2 LLM with M-RoPE (mrope_section [2, 3, 3]), 3-D position ids from get_rope_index

M-RoPE text-model parity (tests/PruneBench.Core.Tests/Models/MRopeParityTests.cs), make_fixtures.py's format:
    qwen2_5_vl_text/, qwen3_vl_text/   config.json + model.safetensors (whole VLM, vision unused) and
    reference.safetensors: input_ids, visual_start, visual_embeds, position_ids i64 [3, T], last_logits,
                           gap_keep, gap_last_logits, greedy_tokens [3], decode_logits [2, vocab] (each decode
                           token at the prompt's largest position id + 1, + 2 on every axis)
  qwen3_vl_text uses Qwen3-VL's interleaved M-RoPE (mrope_section [4, 2, 2]); DeepStack is off
  (deepstack_visual_indexes = []) because PruneBench refuses it.

The keep-set references feed the kept rows one at a time through the KV cache at their original position
ids (as tools/reference/make_fixtures.py does): transformers reads gaps in position_ids as packed-sequence
boundaries, which is not token pruning. The same incremental path over all rows must reproduce the full
forward first (asserted).
"""
import argparse
import inspect
import os
import shutil
import sys
import tarfile
import tempfile

import torch
import transformers
from safetensors.torch import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_pack as ep  # noqa: E402  the exporter's own capture and record code is what is tested

VOCAB, HIDDEN = 256, 64
IMAGE, VIDEO, VISION_START, VISION_END = 250, 251, 252, 253
TEXT = dict(vocab_size=VOCAB, hidden_size=HIDDEN, intermediate_size=128, num_hidden_layers=3, num_attention_heads=4,
            num_key_value_heads=2, rms_norm_eps=1e-6, max_position_embeddings=1024, tie_word_embeddings=False,
            bos_token_id=1, eos_token_id=2, pad_token_id=0)
LOG = []


def log(*parts):
    line = " ".join(str(p) for p in parts)
    print(line)
    LOG.append(line)


def rope(theta, section, interleaved=False):
    p = dict(rope_type="default", rope_theta=theta, mrope_section=list(section))
    if interleaved:
        p["mrope_interleaved"] = True
    return p


def build(config):
    """fp32 eager model from config with widened random weights (make_fixtures.py's scheme: logits not ~0)."""
    from transformers import AutoModelForImageTextToText
    model = AutoModelForImageTextToText.from_config(config, attn_implementation="eager").float().eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name:
                p.copy_(1.0 + 0.1 * torch.randn_like(p))
            elif p.dim() >= 2:
                p.copy_(torch.randn_like(p) * (1.0 / p.shape[-1] ** 0.5))
            else:
                p.copy_(0.1 * torch.randn_like(p))
    return model


def set_ids(config):
    """Placeholder and vision-boundary ids inside the tiny vocabulary, under whichever names this transformers uses."""
    names = (("image_token_id", IMAGE), ("image_token_index", IMAGE), ("video_token_id", VIDEO),
             ("video_token_index", VIDEO), ("vision_start_token_id", VISION_START), ("vision_end_token_id", VISION_END))
    for name, value in names:
        if hasattr(config, name):
            setattr(config, name, value)
    if VIDEO not in ep.placeholder_ids(config):
        raise SystemExit(f"{type(config).__name__}: no video token id attribute found")
    return config


def prompt_ids(g, prefix, span, suffix, before=(), after=()):
    """[bos, prefix-1 random][before][VIDEO x span][after][suffix random]: (ids list, first span row)."""
    ids = [1] + torch.randint(3, 240, (prefix - 1,), generator=g).tolist() + list(before)
    start = len(ids)
    ids += [VIDEO] * span + list(after) + torch.randint(3, 240, (suffix,), generator=g).tolist()
    return ids, start


def lm_logits(model, rows_embeds, positions, incremental):
    """Last-position logits of the VLM's language model + lm_head on rows_embeds [T, H] at positions [A, T]."""
    lm = ep.language_model_of(model)
    pos = positions[:, None, :] if positions.shape[0] == 3 else positions  # [3, 1, T] or [1, T]
    with torch.no_grad():
        if not incremental:
            out = lm(inputs_embeds=rows_embeds[None], position_ids=pos, attention_mask=torch.ones(1, rows_embeds.shape[0], dtype=torch.long),
                     use_cache=False)
            return model.lm_head(out.last_hidden_state[0, -1])
        cache = None
        for i in range(rows_embeds.shape[0]):
            out = lm(inputs_embeds=rows_embeds[i:i + 1][None], position_ids=pos[..., i:i + 1],
                     attention_mask=torch.ones(1, i + 1, dtype=torch.long), past_key_values=cache, use_cache=True)
            cache = out.past_key_values
        return model.lm_head(out.last_hidden_state[0, -1])


def check(name, what, got, expected):
    diff = float((got - expected).abs().max())
    scale = float(expected.abs().max())
    log(f"{name}: {what} max|diff| {diff:.3e} (max|logit| {scale:.3f})")
    if diff > 1e-4 * scale:
        raise SystemExit(f"{name}: {what} disagrees ({diff:.3e} > 1e-4 x {scale:.3f})")


def end_to_end(name, model, inputs, frames, root):
    """Full VLM forward -> pack (export_pack.py's code) + references, under root/vlm/<name>/."""
    d = os.path.join(root, "vlm", name)
    model.save_pretrained(os.path.join(d, "model"))
    captured = ep.capture_llm_inputs(model, inputs)
    ids = inputs["input_ids"][0].tolist()
    placeholders = ep.placeholder_ids(model.config)
    span = sum(1 for t in ids if t in placeholders)
    grid = ep.frame_grid(model.config, inputs, frames, span)
    record, tensors = ep.make_record(f"{name}-0", "tiny", ids, captured, placeholders, grid, [10, 11, 12, 13], 2, "short",
                                     torch.float32)
    ep.write_pack(os.path.join(d, "pack"), dict(benchmark="tiny-random-video", model=name, hidden_size=HIDDEN, dtype="f32",
                                                vocab_size=VOCAB, description="tools/export/make_vlm_fixtures.py"),
                  [(record, tensors)], [[record["id"], f"{captured['vision_ms']:.2f}", f"{captured['llm_ms']:.2f}"]])

    embeds = captured["embeds"].float()
    T = embeds.shape[0]
    positions = captured["position_ids"] if captured["position_ids"] is not None else torch.arange(T)[None]
    log(f"{name}: T {T}, visual span {record['visual_start']}+{grid[0]}x{grid[1]} (+{grid[3]} trailing), "
        f"position axes {positions.shape[0]}, grid rows {grid[2]}")
    check(name, "LLM-alone full forward vs VLM", lm_logits(model, embeds, positions, incremental=False), captured["logits"])
    check(name, "incremental vs VLM", lm_logits(model, embeds, positions, incremental=True), captured["logits"])

    start, visual = record["visual_start"], grid[0] * grid[1]
    keep_visual = torch.arange(0, visual, 3)
    rows = torch.cat([torch.arange(start), start + keep_visual, torch.arange(start + visual, T)])
    keep_logits = lm_logits(model, embeds[rows], positions[:, rows], incremental=True)
    save_file({"last_logits": captured["logits"].contiguous(), "keep_visual": keep_visual.long(),
               "keep_last_logits": keep_logits.float().contiguous()}, os.path.join(d, "reference.safetensors"))
    log(f"{name}: top {int(captured['logits'].argmax())}, kept {len(keep_visual)}/{visual}, keep top {int(keep_logits.argmax())}")


def llava_onevision(root):
    from transformers import LlavaOnevisionConfig
    config = set_ids(LlavaOnevisionConfig(
        vision_config=dict(model_type="siglip_vision_model", hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                           num_attention_heads=2, image_size=56, patch_size=7),
        text_config=dict(model_type="qwen2", rope_theta=1000000.0, **TEXT),
        vision_feature_select_strategy="full", vision_feature_layer=-1, tie_word_embeddings=False))
    model = build(config)
    g = torch.Generator().manual_seed(11)
    frames = 4
    ids, _ = prompt_ids(g, 5, frames * 16 + 1, 6)  # 4 frames x (8x8 patches pooled to 4x4) + image_newline
    inputs = dict(input_ids=torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                  pixel_values_videos=torch.randn(1, frames, 3, 56, 56, generator=g))
    params = inspect.signature(model.forward).parameters
    for name, value in (("vision_feature_layer", -1), ("vision_feature_select_strategy", "full")):
        if name in params:  # explicit, in case this version does not default them from the config
            inputs[name] = value
    end_to_end("llava_onevision", model, inputs, frames, root)


def qwen2_5_vl_config():
    from transformers import Qwen2_5_VLConfig
    return set_ids(Qwen2_5_VLConfig(
        text_config=dict(rope_parameters=rope(1000000.0, [2, 3, 3]), **TEXT),
        vision_config=dict(depth=2, hidden_size=32, intermediate_size=64, num_heads=2, in_channels=3, patch_size=4,
                           spatial_merge_size=2, temporal_patch_size=2, tokens_per_second=2, window_size=16,
                           out_hidden_size=HIDDEN, fullatt_block_indexes=[1]),
        tie_word_embeddings=False))


def qwen2_5_vl(root):
    model = build(qwen2_5_vl_config())
    g = torch.Generator().manual_seed(12)
    t, h, w = 4, 8, 6  # 8 raw frames (temporal patch 2), 32x24 pixels (patch 4): merged 4 x (4x3) tokens
    ids, start = prompt_ids(g, 5, t * (h // 2) * (w // 2), 6, before=[VISION_START], after=[VISION_END])
    inputs = dict(input_ids=torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                  pixel_values_videos=torch.randn(t * h * w, 3 * 2 * 4 * 4, generator=g),
                  video_grid_thw=torch.tensor([[t, h, w]]))
    params = inspect.signature(model.forward).parameters
    if "second_per_grid_ts" in params:
        inputs["second_per_grid_ts"] = torch.tensor([1.0])  # temporal ids 0, 2, 4, 6 (tokens_per_second 2)
    if "mm_token_type_ids" in params:
        inputs["mm_token_type_ids"] = torch.tensor([[2 if i == VIDEO else 0 for i in ids]])
    end_to_end("qwen2_5_vl", model, inputs, 2 * t, root)


def text_fixture(name, config, root):
    """make_fixtures.py-style reference of an M-RoPE language model inside a saved VLM checkpoint."""
    model = build(config)
    d = os.path.join(root, name)
    model.save_pretrained(d)
    g = torch.Generator().manual_seed(1234)
    prefix, frames, rows, cols, suffix = 5, 4, 2, 3, 7
    V = frames * rows * cols
    T = prefix + V + suffix
    ids = torch.randint(3, 240, (T,), generator=g)
    ids[0] = 1
    ids[prefix:prefix + V] = 0
    visual = torch.randn(V, HIDDEN, generator=g) * 0.5
    # Qwen2-VL's get_rope_index for one video: text 0..s-1; video s + (2 f, r, c) (temporal stride 2, as
    # tokens_per_second x seconds per grid step); text after from the largest video id + 1.
    v = torch.arange(V)
    video = torch.stack([2 * (v // (rows * cols)), v % (rows * cols) // cols, v % cols]) + prefix
    after = torch.arange(suffix) + int(video.max()) + 1
    positions = torch.cat([torch.arange(prefix).expand(3, -1), video, after.expand(3, -1)], dim=1)
    with torch.no_grad():
        emb = model.get_input_embeddings()(ids[None])[0].clone()
        emb[prefix:prefix + V] = visual
        full = lm_logits(model, emb, positions, incremental=False)
        check(name, "incremental vs full", lm_logits(model, emb, positions, incremental=True), full)
        keep = torch.cat([torch.arange(prefix), prefix + torch.arange(0, V, 3), torch.arange(prefix + V, T)])
        gap = lm_logits(model, emb[keep], positions[:, keep], incremental=True)
        flat = lm_logits(model, emb, torch.arange(T)[None].expand(3, -1), incremental=False)
        # Greedy decode: each new token is text at the prompt's largest id + 1, + 2 on every axis (rope_deltas).
        tokens, steps, seq, pos = [int(full.argmax())], [], emb, positions
        for _ in range(2):
            seq = torch.cat([seq, model.get_input_embeddings()(torch.tensor([tokens[-1]]))], 0)
            pos = torch.cat([pos, torch.full((3, 1), int(pos.max()) + 1)], 1)
            steps.append(lm_logits(model, seq, pos, incremental=False))
            tokens.append(int(steps[-1].argmax()))
    log(f"{name}: max|logit| {float(full.abs().max()):.3f}; 3-D vs 1-D ids max|diff| {float((full - flat).abs().max()):.3e}; greedy {tokens}")
    save_file({"input_ids": ids, "visual_start": torch.tensor([prefix]), "visual_embeds": visual.contiguous(),
               "position_ids": positions.long().contiguous(), "last_logits": full.contiguous(),
               "gap_keep": keep, "gap_last_logits": gap.contiguous(), "greedy_tokens": torch.tensor(tokens),
               "decode_logits": torch.stack(steps).contiguous()}, os.path.join(d, "reference.safetensors"))


def qwen3_vl_config():
    from transformers import Qwen3VLConfig
    return set_ids(Qwen3VLConfig(
        text_config=dict(head_dim=16, rope_parameters=rope(5000000.0, [4, 2, 2], interleaved=True), **TEXT),
        vision_config=dict(depth=1, hidden_size=32, intermediate_size=64, num_heads=2, in_channels=3, patch_size=4,
                           spatial_merge_size=2, temporal_patch_size=2, out_hidden_size=HIDDEN,
                           num_position_embeddings=16, deepstack_visual_indexes=[]),
        tie_word_embeddings=False))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder for vlm-fixtures.tar.gz and make_vlm_fixtures.log")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(0)
    log("torch", torch.__version__, "transformers", transformers.__version__)
    root = tempfile.mkdtemp(prefix="vlm-fixtures-")
    failures = []
    for name, make in (("llava_onevision", lambda: llava_onevision(root)),
                       ("qwen2_5_vl", lambda: qwen2_5_vl(root)),
                       ("qwen2_5_vl_text", lambda: text_fixture("qwen2_5_vl_text", qwen2_5_vl_config(), root)),
                       ("qwen3_vl_text", lambda: text_fixture("qwen3_vl_text", qwen3_vl_config(), root))):
        try:
            make()
        except BaseException as e:  # keep the other fixtures; the log says what failed
            failures.append(name)
            log(f"{name}: FAILED {type(e).__name__}: {e}")
            shutil.rmtree(os.path.join(root, "vlm", name) if not name.endswith("_text") else os.path.join(root, name),
                          ignore_errors=True)
    with tarfile.open(os.path.join(args.out, "vlm-fixtures.tar.gz"), "w:gz") as tar:
        for entry in sorted(os.listdir(root)):
            tar.add(os.path.join(root, entry), arcname=entry)
    log("failed:", ", ".join(failures) if failures else "none")
    with open(os.path.join(args.out, "make_vlm_fixtures.log"), "w") as f:
        f.write("\n".join(LOG) + "\n")
    shutil.rmtree(root, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
