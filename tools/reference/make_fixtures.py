#!/usr/bin/env python3
"""Build tiny random Hugging Face checkpoints and reference outputs for PruneBench's parity tests.

Runs on the GPU machine only (transformers 5.17 + PyTorch 2.11). Everything is computed on the CPU in
fp32 with eager attention, so the numbers are the reference implementation's, not a kernel's.

    python3 tools/reference/make_fixtures.py OUT_DIR

For each fixture OUT_DIR/<name>/ holds:
  config.json, model.safetensors (or sharded + model.safetensors.index.json)   -- save_pretrained
  reference.safetensors:
    input_ids      int64 [T]        full prompt; the visual span holds token id 0 (ignored)
    visual_start   int64 [1]        first row of the visual span
    visual_embeds  f32  [V, hidden] rows injected over the span (already in the LLM's embedding space)
    hidden_states  f32  [L+1, T, hidden]  transformers' output_hidden_states (0 = embeddings;
                                    the last entry is after the final norm, as transformers returns it)
    last_logits    f32  [vocab]     logits at the last prompt position
    greedy_tokens  int64 [4]        argmax of last_logits, then of each decode step's logits
    decode_logits  f32  [3, vocab]  logits after feeding greedy_tokens[0..2] one at a time
    gap_keep       int64 [T']       (RoPE families) indices kept, original positions as position ids
    gap_last_logits f32 [vocab]     logits of the last position of that gapped sequence
The decode expectations are computed by recomputing the whole sequence (no cache), which is what an
incremental decode must equal.
"""
import json, os, sys, shutil
import torch
import transformers
from safetensors.torch import save_file
from transformers import AutoConfig, AutoModelForCausalLM

torch.manual_seed(0)
OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)

COMMON = dict(vocab_size=256, hidden_size=64, intermediate_size=128, num_attention_heads=4,
              num_key_value_heads=2, head_dim=16, max_position_embeddings=512, rms_norm_eps=1e-6,
              bos_token_id=1, eos_token_id=2, pad_token_id=0)

FIXTURES = {
    "llama": dict(model_type="llama", num_hidden_layers=3, rope_theta=10000.0, tie_word_embeddings=False, **COMMON),
    "qwen2": dict(model_type="qwen2", num_hidden_layers=3, rope_theta=1000000.0, tie_word_embeddings=True, **COMMON),
    "qwen3": dict(model_type="qwen3", num_hidden_layers=3, rope_theta=1000000.0, tie_word_embeddings=False, **COMMON),
    "llama_bf16_sharded": dict(model_type="llama", num_hidden_layers=2, rope_theta=500000.0, tie_word_embeddings=False, **COMMON),
    # n_groups=1, one attention layer
    "nemotron_h": dict(model_type="nemotron_h", num_hidden_layers=4, hybrid_override_pattern="M*M-",
                       mamba_num_heads=8, mamba_head_dim=16, ssm_state_size=16, n_groups=1, conv_kernel=4,
                       chunk_size=8, mamba_hidden_act="silu", mlp_hidden_act="relu2", attention_bias=False,
                       mlp_bias=False, use_bias=False, use_conv_bias=True, layer_norm_epsilon=1e-5,
                       residual_in_fp32=False, tie_word_embeddings=False, **COMMON),
    # n_groups > 1, several attention layers, odd chunking
    "nemotron_h_groups": dict(model_type="nemotron_h", num_hidden_layers=7, hybrid_override_pattern="M*-M*M-",
                       mamba_num_heads=8, mamba_head_dim=8, ssm_state_size=16, n_groups=2, conv_kernel=4,
                       chunk_size=16, mamba_hidden_act="silu", mlp_hidden_act="relu2", attention_bias=False,
                       mlp_bias=False, use_bias=False, use_conv_bias=True, layer_norm_epsilon=1e-5,
                       residual_in_fp32=False, tie_word_embeddings=True, time_step_limit=[0.0, 0.5], **COMMON),
}


def build(name, cfg):
    cfg = dict(cfg)
    model_type = cfg.pop("model_type")
    config = AutoConfig.for_model(model_type, **cfg)
    config._attn_implementation = "eager"
    model = AutoModelForCausalLM.from_config(config, attn_implementation="eager").float().eval()
    with torch.no_grad():
        # Random init is tiny-std for some params; widen everything so logits are not ~0 and
        # mistakes show. A_log / dt_bias / D keep their semantic ranges.
        for pname, p in model.named_parameters():
            if pname.endswith("A_log"):
                p.copy_(torch.log(torch.empty_like(p).uniform_(1.0, 8.0)))
            elif pname.endswith("dt_bias"):
                p.copy_(torch.empty_like(p).uniform_(-3.0, 0.0))
            elif pname.endswith(".D"):
                p.copy_(torch.empty_like(p).uniform_(0.5, 1.5))
            elif "norm" in pname:
                p.copy_(1.0 + 0.1 * torch.randn_like(p))
            elif p.dim() >= 2:
                p.copy_(torch.randn_like(p) * (1.0 / p.shape[-1] ** 0.5))
            else:
                p.copy_(0.1 * torch.randn_like(p))
    return config, model


def embed(model, ids, visual_start, visual):
    emb = model.get_input_embeddings()(ids[None])[0].clone()
    emb[visual_start:visual_start + visual.shape[0]] = visual
    return emb


def logits_of(model, emb, position_ids=None):
    kw = {}
    if position_ids is not None:
        # An explicit all-ones mask: without it transformers reads gaps in position_ids as packed-sequence
        # boundaries and builds a block-diagonal mask. FastV-style pruning keeps one causal sequence.
        kw["position_ids"] = position_ids[None]
        kw["attention_mask"] = torch.ones(1, emb.shape[0], dtype=torch.long)
    out = model(inputs_embeds=emb[None], output_hidden_states=True, use_cache=False, **kw)
    return out.logits[0], torch.stack([h[0] for h in out.hidden_states])


def make(name, cfg):
    config, model = build(name, cfg)
    d = os.path.join(OUT, name)
    shutil.rmtree(d, ignore_errors=True)
    if name.endswith("_bf16_sharded"):
        model = model.to(torch.bfloat16)
        model.save_pretrained(d, safe_serialization=True, max_shard_size="60KB")
        # Reference = the stored bf16 weights computed in fp32. Reload rather than .float(): casting the
        # model to bf16 also rounded the non-persistent RoPE inv_freq buffer.
        model = AutoModelForCausalLM.from_pretrained(d, dtype=torch.float32, attn_implementation="eager").eval()
    else:
        model.save_pretrained(d, safe_serialization=True)
    g = torch.Generator().manual_seed(1234)
    prefix, V, suffix = 5, 24, 7
    T = prefix + V + suffix
    ids = torch.randint(3, cfg["vocab_size"], (T,), generator=g)
    ids[0] = 1
    ids[prefix:prefix + V] = 0
    visual = torch.randn(V, cfg["hidden_size"], generator=g) * 0.5
    ref = {"input_ids": ids, "visual_start": torch.tensor([prefix]), "visual_embeds": visual}
    with torch.no_grad():
        emb = embed(model, ids, prefix, visual)
        logits, hs = logits_of(model, emb)
        ref["hidden_states"] = hs
        ref["last_logits"] = logits[-1]
        toks, steps = [int(logits[-1].argmax())], []
        for _ in range(3):
            new = model.get_input_embeddings()(torch.tensor([toks[-1]]))
            emb = torch.cat([emb, new], 0)
            lg, _ = logits_of(model, emb)
            steps.append(lg[-1])
            toks.append(int(lg[-1].argmax()))
        ref["greedy_tokens"] = torch.tensor(toks)
        ref["decode_logits"] = torch.stack(steps)
        if cfg["model_type"] != "nemotron_h":
            keep = torch.cat([torch.arange(prefix), prefix + torch.arange(0, V, 3), torch.arange(prefix + V, T)])
            emb0 = embed(model, ids, prefix, visual)[keep]
            # transformers reads jumps in position_ids as packed-sequence boundaries (block-diagonal mask),
            # which is not FastV-style pruning. Feed the kept rows one at a time through the KV cache
            # instead: every row attends to all earlier kept rows, at its original position.
            def incremental(rows_emb, pos):
                cache, last = None, None
                for i in range(rows_emb.shape[0]):
                    out = model(inputs_embeds=rows_emb[i:i + 1][None], position_ids=pos[i:i + 1][None],
                                past_key_values=cache, use_cache=True)
                    cache, last = out.past_key_values, out.logits[0, -1]
                return last
            full_check = incremental(embed(model, ids, prefix, visual), torch.arange(T))
            assert torch.allclose(full_check, ref["last_logits"], atol=1e-4), "incremental path disagrees with full forward"
            lg = incremental(emb0, keep)[None]
            ref["gap_keep"] = keep
            ref["gap_last_logits"] = lg[-1]
    save_file({k: v.contiguous() for k, v in ref.items()}, os.path.join(d, "reference.safetensors"))
    print(name, "T", T, "top", toks, "max|logit|", float(ref["last_logits"].abs().max()))


if __name__ == "__main__":
    print("torch", torch.__version__, "transformers", transformers.__version__)
    for n, c in FIXTURES.items():
        make(n, c)
