"""bf16 check of the Torch backend against transformers' own bf16 forward (issue 11, part 3).

  python3 tools/peer/bf16_check.py prepare WORK   # on the GPU machine: references + mid-sized checkpoints
  (prunebench infer --backend torch --model M --input WORK/<name>/input.safetensors --dump WORK/<name>/ours)
  python3 tools/peer/bf16_check.py compare WORK   # table: ours vs transformers, both vs the fp32 reference

For every fixture in tests/fixtures and for one mid-sized random checkpoint per family (~1.5 B parameters,
saved by transformers to WORK/models during the run, never committed), `prepare` writes WORK/<name>/:
  input.safetensors  input_ids, visual_start, visual_embeds (infer's input) and last_logits = transformers bf16
  fp32.safetensors   last_logits of transformers in fp32 on the same stored weights (the yardstick)
  model              path of the checkpoint (text)
`compare` reports, relative to max |fp32 logit|: |ours − fp32|, |transformers bf16 − fp32| (bf16's own noise
floor), |ours − transformers bf16|, and whether the greedy (argmax) tokens agree.
"""
import json
import os
import sys

import torch
from safetensors.torch import load_file, save_file

FIXTURES = ["llama", "qwen2", "qwen3", "llama_bf16_sharded", "nemotron_h", "nemotron_h_groups"]
MID = {
    # ≈1.5 B: Qwen2-1.5B's shape.
    "qwen2_mid": dict(model_type="qwen2", vocab_size=151936, hidden_size=1536, intermediate_size=8960,
                      num_hidden_layers=28, num_attention_heads=12, num_key_value_heads=2, rms_norm_eps=1e-6,
                      rope_theta=1e6, max_position_embeddings=32768, tie_word_embeddings=True),
    # ≈1.3 B hybrid with the 12B's rhythm (Mamba2 / MLP, a few attention layers spread over depth).
    "nemotron_h_mid": dict(model_type="nemotron_h", vocab_size=131072, hidden_size=2048, intermediate_size=8192,
                           num_hidden_layers=24, hybrid_override_pattern="M-M-M*-M-M-M*-M-M-M*-M-",
                           num_attention_heads=16, num_key_value_heads=4, head_dim=128, mamba_num_heads=64,
                           mamba_head_dim=64, ssm_state_size=128, n_groups=8, conv_kernel=4, chunk_size=128,
                           mamba_hidden_act="silu", mlp_hidden_act="relu2", attention_bias=False, mlp_bias=False,
                           use_bias=False, use_conv_bias=True, layer_norm_epsilon=1e-5, residual_in_fp32=False,
                           tie_word_embeddings=False, max_position_embeddings=32768),
}


def widen(model):
    """As tools/reference/make_fixtures.py: weights at 1/sqrt(fan_in), Mamba parameters in their real ranges."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("A_log"):
                p.copy_(torch.log(torch.empty_like(p).uniform_(1.0, 8.0)))
            elif name.endswith("dt_bias"):
                p.copy_(torch.empty_like(p).uniform_(-3.0, 0.0))
            elif name.endswith(".D"):
                p.copy_(torch.empty_like(p).uniform_(0.5, 1.5))
            elif "norm" in name:
                p.copy_(1.0 + 0.1 * torch.randn_like(p))
            elif p.dim() >= 2:
                p.copy_(torch.randn_like(p) * (1.0 / p.shape[-1] ** 0.5))
            else:
                p.copy_(0.1 * torch.randn_like(p))


def last_logits(model, ids, start, visual):
    with torch.no_grad():
        emb = model.get_input_embeddings()(ids[None].cuda())[0].clone()
        emb[start:start + visual.shape[0]] = visual.to(emb.dtype).cuda()
        out = model(inputs_embeds=emb[None], use_cache=False, logits_to_keep=1)
        return out.logits[0, -1].float().cpu()


def load(path, dtype):
    from transformers import AutoModelForCausalLM
    return AutoModelForCausalLM.from_pretrained(path, dtype=dtype, attn_implementation="sdpa").cuda().eval()


def write(work, name, model_dir, ids, start, visual):
    d = os.path.join(work, name)
    os.makedirs(d, exist_ok=True)
    bf = load(model_dir, torch.bfloat16)
    ref_bf16 = last_logits(bf, ids, start, visual)
    del bf
    fp = load(model_dir, torch.float32)
    ref_fp32 = last_logits(fp, ids, start, visual)
    del fp
    torch.cuda.empty_cache()
    save_file({"input_ids": ids.long().contiguous(), "visual_start": torch.tensor([start]), "visual_embeds": visual.float().contiguous(),
               "last_logits": ref_bf16.contiguous()}, os.path.join(d, "input.safetensors"))
    save_file({"last_logits": ref_fp32.contiguous()}, os.path.join(d, "fp32.safetensors"))
    with open(os.path.join(d, "model"), "w") as f:
        f.write(model_dir)
    print(name, "T", ids.numel(), "visual", visual.shape[0], "bf16 argmax", int(ref_bf16.argmax()), "fp32 argmax", int(ref_fp32.argmax()), flush=True)


def prepare(work, fixtures_dir):
    from transformers import AutoConfig, AutoModelForCausalLM
    for name in FIXTURES:
        ref = load_file(os.path.join(fixtures_dir, name, "reference.safetensors"))
        write(work, name, os.path.join(fixtures_dir, name), ref["input_ids"], int(ref["visual_start"][0]), ref["visual_embeds"])
    for name, cfg in MID.items():
        cfg = dict(cfg)
        model_type = cfg.pop("model_type")
        torch.manual_seed(0)
        config = AutoConfig.for_model(model_type, **cfg)
        with torch.device("cuda"):
            model = AutoModelForCausalLM.from_config(config).float()
        widen(model)
        model_dir = os.path.join(work, "models", name)
        model.to(torch.bfloat16).save_pretrained(model_dir, safe_serialization=True)
        print(name, "parameters", sum(p.numel() for p in model.parameters()) / 1e9, "B", flush=True)
        del model
        torch.cuda.empty_cache()
        g = torch.Generator().manual_seed(1234)
        prefix, visual_count, suffix = 64, 768, 192
        ids = torch.randint(3, cfg["vocab_size"], (prefix + visual_count + suffix,), generator=g)
        ids[prefix:prefix + visual_count] = 0
        visual = torch.randn(visual_count, cfg["hidden_size"], generator=g) * 0.5
        write(work, name, model_dir, ids, prefix, visual)


def compare(work):
    rows = []
    for name in FIXTURES + list(MID):
        d = os.path.join(work, name)
        ours_path = os.path.join(d, "ours", "logits.safetensors")
        if not os.path.exists(ours_path):
            rows.append((name, None))
            continue
        ours = load_file(ours_path)["last_logits"].float()
        tf_bf16 = load_file(os.path.join(d, "input.safetensors"))["last_logits"].float()
        fp32 = load_file(os.path.join(d, "fp32.safetensors"))["last_logits"].float()
        scale = fp32.abs().max().item()
        rel = lambda a, b: (a - b).abs().max().item() / scale
        rows.append((name, dict(ours_vs_fp32=rel(ours, fp32), tf_bf16_vs_fp32=rel(tf_bf16, fp32), ours_vs_tf_bf16=rel(ours, tf_bf16),
                                argmax_ours=int(ours.argmax()), argmax_tf_bf16=int(tf_bf16.argmax()), argmax_fp32=int(fp32.argmax()))))
    print("| checkpoint | ours bf16 vs fp32 | transformers bf16 vs fp32 | ours vs transformers bf16 | greedy token ours / transformers bf16 / fp32 |")
    print("|---|---:|---:|---:|---|")
    for name, r in rows:
        if r is None:
            print(f"| {name} | (no output) | | | |")
            continue
        print(f"| {name} | {r['ours_vs_fp32']:.2e} | {r['tf_bf16_vs_fp32']:.2e} | {r['ours_vs_tf_bf16']:.2e} | "
              f"{r['argmax_ours']} / {r['argmax_tf_bf16']} / {r['argmax_fp32']} |")
    with open(os.path.join(work, "bf16_check.json"), "w") as f:
        json.dump({n: r for n, r in rows}, f, indent=1)


if __name__ == "__main__":
    mode, work = sys.argv[1], sys.argv[2]
    if mode == "prepare":
        prepare(work, sys.argv[3] if len(sys.argv) > 3 else "tests/fixtures")
    else:
        compare(work)
