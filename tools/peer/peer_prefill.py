"""PyTorch peer of `prunebench bench`: unreduced bf16 prefill to the last-position logits, same shapes.

Runs on the GPU machine (torch 2.11, transformers 5.17). Two peers, the best PyTorch path a user already has:
  qwen2-7b              transformers Qwen2ForCausalLM, attn_implementation="sdpa", use_cache=True, logits_to_keep=1
  nemotron-nano-12b-v2  a plain PyTorch NemotronH forward (cuBLAS GEMMs, SDPA with GQA, cuDNN conv1d) with
                        mamba_ssm's Triton SSD (`mamba_chunk_scan_combined`) and gated RMSNorm (`rmsnorm_fn`).
                        transformers' own NemotronH falls back to its slow torch path without the compiled
                        causal_conv1d extension, which is not installable there; mamba_ssm is not installed either:
                        its public source is brought along (MAMBA_SSM_SRC, never committed) and only its Triton
                        files are imported.
Weights are random (speed does not depend on them). Timing: CUDA-synchronised wall clock, warm-up then p50.
Prints one CSV row per (model, tokens): model,tokens,ms_p50,ms_all,peak_alloc_mb,peak_reserved_mb,weights_mb.

  python3 tools/peer/peer_prefill.py --model qwen2-7b --tokens 16384,32768 --repeats 3
"""
import argparse
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

QWEN2_7B = dict(hidden_size=3584, intermediate_size=18944, vocab_size=152064, num_hidden_layers=28,
                num_attention_heads=28, num_key_value_heads=4, rms_norm_eps=1e-6, rope_theta=1e6,
                max_position_embeddings=131072, tie_word_embeddings=False)
# NVIDIA-Nemotron-Nano-12B-v2, as Core/PruneBench.Core/Models/ModelPresets.cs.
NEMOTRON = dict(hidden=5120, inter=20480, vocab=131072, heads=40, kv=8, head_dim=128,
                pattern="M-M-M-M*-M-M-M-M*-M-M-M-M*-M-M-M-M*-M-M-M-M*-M-M-M-M*-M-M-M-M-",
                m_heads=128, m_head_dim=80, state=128, groups=8, conv=4, chunk=128, eps=1e-5)


def timed(fn, repeats, warmup=1):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    out = []
    for _ in range(repeats):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        out.append((time.perf_counter() - t0) * 1000)
    return sorted(out)[len(out) // 2], out


def qwen2(tokens, repeats):
    from transformers import Qwen2Config, Qwen2ForCausalLM
    cfg = Qwen2Config(**QWEN2_7B)
    torch.manual_seed(0)
    torch.set_default_dtype(torch.bfloat16)  # build in bf16 directly (no 30 GB fp32 copy)
    with torch.device("cuda"):
        model = Qwen2ForCausalLM(cfg).eval()
    torch.set_default_dtype(torch.float32)
    model.config._attn_implementation = "sdpa"
    weights = torch.cuda.memory_allocated()
    rows = []
    for t in tokens:
        ids = torch.randint(0, cfg.vocab_size, (1, t), device="cuda")

        def run():
            with torch.inference_mode():
                model(input_ids=ids, use_cache=True, logits_to_keep=1)
        torch.cuda.reset_peak_memory_stats()
        p50, alls = timed(run, repeats)
        rows.append(("qwen2-7b", t, p50, alls, torch.cuda.max_memory_allocated(), torch.cuda.max_memory_reserved(), weights))
    return rows


class Hybrid(torch.nn.Module):
    """NemotronH prefill in plain PyTorch + mamba_ssm Triton kernels (bf16)."""

    def __init__(self, c):
        super().__init__()
        self.c = c
        h, dev, bf = c["hidden"], "cuda", torch.bfloat16
        inner = c["m_heads"] * c["m_head_dim"]
        conv_dim = inner + 2 * c["groups"] * c["state"]
        self.inner, self.conv_dim = inner, conv_dim

        def w(*shape):
            return (torch.empty(*shape, device=dev, dtype=bf).uniform_(-1, 1) / math.sqrt(shape[-1]))
        self.embed = w(c["vocab"], h)
        self.layers = []
        for kind in c["pattern"]:
            L = {"kind": kind, "norm": torch.ones(h, device=dev, dtype=bf)}
            if kind == "M":
                L.update(in_proj=w(inner + conv_dim + c["m_heads"], h), conv_w=w(conv_dim, 1, c["conv"]),
                         conv_b=torch.zeros(conv_dim, device=dev, dtype=bf),
                         dt_bias=torch.empty(c["m_heads"], device=dev, dtype=bf).uniform_(-3, 0),
                         A=-torch.empty(c["m_heads"], device=dev, dtype=torch.float32).uniform_(1, 8),
                         D=torch.ones(c["m_heads"], device=dev, dtype=bf),
                         gnorm=torch.ones(inner, device=dev, dtype=bf), out_proj=w(h, inner))
            elif kind == "*":
                L.update(q=w(c["heads"] * c["head_dim"], h), k=w(c["kv"] * c["head_dim"], h),
                         v=w(c["kv"] * c["head_dim"], h), o=w(h, c["heads"] * c["head_dim"]))
            else:
                L.update(up=w(c["inter"], h), down=w(h, c["inter"]))
            self.layers.append(L)
        self.norm_f = torch.ones(h, device=dev, dtype=bf)
        self.lm_head = w(c["vocab"], h)

    @staticmethod
    def rms(x, w, eps):
        xf = x.float()
        return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + eps)).to(x.dtype) * w

    def mamba(self, x, L):
        from mamba_ssm.ops.triton.ssd_combined import mamba_chunk_scan_combined
        from mamba_ssm.ops.triton.layernorm_gated import rmsnorm_fn
        c, T = self.c, x.shape[1]
        zxbcdt = F.linear(x, L["in_proj"])
        z, xbc, dt = torch.split(zxbcdt, [self.inner, self.conv_dim, c["m_heads"]], dim=-1)
        xbc = F.silu(F.conv1d(xbc.transpose(1, 2), L["conv_w"], L["conv_b"], padding=c["conv"] - 1,
                              groups=self.conv_dim)[..., :T].transpose(1, 2))
        xs, B, C = torch.split(xbc, [self.inner, c["groups"] * c["state"], c["groups"] * c["state"]], dim=-1)
        y = mamba_chunk_scan_combined(xs.view(1, T, c["m_heads"], c["m_head_dim"]), dt, L["A"],
                                      B.view(1, T, c["groups"], c["state"]), C.view(1, T, c["groups"], c["state"]),
                                      chunk_size=c["chunk"], D=L["D"], z=None, dt_bias=L["dt_bias"], dt_softplus=True,
                                      dt_limit=(0.0, float("inf")), return_final_states=True)[0]
        y = rmsnorm_fn(y.view(1, T, self.inner), L["gnorm"], None, z=z, eps=c["eps"],
                       group_size=self.inner // c["groups"], norm_before_gate=False)
        return F.linear(y, L["out_proj"])

    def attn(self, x, L):
        c, T = self.c, x.shape[1]
        q = F.linear(x, L["q"]).view(1, T, c["heads"], c["head_dim"]).transpose(1, 2)
        k = F.linear(x, L["k"]).view(1, T, c["kv"], c["head_dim"]).transpose(1, 2)
        v = F.linear(x, L["v"]).view(1, T, c["kv"], c["head_dim"]).transpose(1, 2)
        o = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        return F.linear(o.transpose(1, 2).reshape(1, T, -1), L["o"])

    def forward(self, ids):
        c = self.c
        x = F.embedding(ids, self.embed)
        for L in self.layers:
            h = self.rms(x, L["norm"], c["eps"])
            if L["kind"] == "M":
                h = self.mamba(h, L)
            elif L["kind"] == "*":
                h = self.attn(h, L)
            else:
                h = F.linear(torch.relu(F.linear(h, L["up"])).square(), L["down"])
            x = x + h
        return F.linear(self.rms(x[:, -1:], self.norm_f, c["eps"]), self.lm_head)


def hybrid(tokens, repeats):
    src = os.environ.get("MAMBA_SSM_SRC")
    if src:
        sys.path.insert(0, src)
    torch.manual_seed(0)
    model = Hybrid(NEMOTRON)
    weights = torch.cuda.memory_allocated()
    rows = []
    for t in tokens:
        ids = torch.randint(0, NEMOTRON["vocab"], (1, t), device="cuda")

        def run():
            with torch.inference_mode():
                model(ids)
        torch.cuda.reset_peak_memory_stats()
        p50, alls = timed(run, repeats)
        rows.append(("nemotron-nano-12b-v2", t, p50, alls, torch.cuda.max_memory_allocated(), torch.cuda.max_memory_reserved(), weights))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, choices=["qwen2-7b", "nemotron-nano-12b-v2"])
    ap.add_argument("--tokens", required=True, help="comma-separated prompt lengths")
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    tokens = [int(t) for t in a.tokens.split(",")]
    rows = qwen2(tokens, a.repeats) if a.model == "qwen2-7b" else hybrid(tokens, a.repeats)
    print(f"# torch {torch.__version__} on {torch.cuda.get_device_name()}")
    print("model,tokens,ms_p50,ms_all,peak_alloc_mb,peak_reserved_mb,weights_mb")
    for m, t, p50, alls, pa, pr, w in rows:
        print(f"{m},{t},{p50:.1f},{'/'.join(f'{v:.1f}' for v in alls)},{pa / 2**20:.0f},{pr / 2**20:.0f},{w / 2**20:.0f}")


if __name__ == "__main__":
    main()
