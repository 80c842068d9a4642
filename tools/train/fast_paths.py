"""Faster training forwards for the synth models on the GPU, switched on only if they reproduce the reference.

Why: the deep models (22 layers, hidden 64) are launch- and memory-bound, not compute-bound. The first GPU call ran
279 steps in 150 s (synth-qwen2-deep) and 165 (synth-nemotronh-deep) with eager attention in every layer (each
storing [B, H, T, T] probabilities for backward) and transformers' reference Mamba2 scan (dozens of small ops per
chunk; the compiled mamba_ssm / causal_conv1d packages are not installable on the GPU machine). Two swaps:

* attention layers the circuit supervision does not read run SDPA (the model-level eager causal mask is passed to
  it unchanged); the supervised ones stay eager, since the supervision needs their probabilities;
* NemotronH Mamba2 mixers run mamba_ssm's Triton chunked SSD (`mamba_chunk_scan_combined`, with its own backward)
  and gated RMSNorm (`rmsnorm_fn`), from the public Triton sources the peer uses (MAMBA_SSM_SRC, tools/peer).

Only forwards are swapped, no weight or tensor name changes: the exported checkpoint is the same model. `enable`
compares the model's logits with and without the swaps on a real batch and keeps them only if they agree to TOL of
max |logit| and a backward pass runs; otherwise everything is restored and training uses the reference path.
"""
import copy
import os
import sys
import time

import torch
import torch.nn.functional as F

TOL = 1e-2      # fp32 with TF32 matmuls on both paths; a wrong split or sign shows as O(1)


def _mamba_kernels():
    src = os.environ.get("MAMBA_SSM_SRC")
    if src and src not in sys.path:
        sys.path.insert(0, src)
    from mamba_ssm.ops.triton.layernorm_gated import rmsnorm_fn
    from mamba_ssm.ops.triton.ssd_combined import mamba_chunk_scan_combined
    return mamba_chunk_scan_combined, rmsnorm_fn


def _triton_mixer(mixer, scan, rmsnorm, reference):
    """forward(hidden [B, T, hidden]) -> [B, T, hidden] of a NemotronH Mamba2 mixer without a cache."""
    h, p, n, g = mixer.num_heads, mixer.head_dim, mixer.ssm_state_size, mixer.n_groups
    inner = mixer.intermediate_size
    if mixer.in_proj.out_features != 2 * inner + 2 * g * n + h:
        raise RuntimeError(f"in_proj has {mixer.in_proj.out_features} outputs, expected z|xBC|dt = {2 * inner + 2 * g * n + h}")
    eps = getattr(mixer.norm, "variance_epsilon", getattr(mixer.norm, "eps", None))
    act = getattr(mixer, "act", F.silu)

    def forward(hidden_states, *args, **kwargs):
        if kwargs.get("cache_params") is not None or (args and args[0] is not None):
            return reference(hidden_states, *args, **kwargs)
        b, t, _ = hidden_states.shape
        z, xbc, dt = mixer.in_proj(hidden_states).split([inner, mixer.conv_dim, h], dim=-1)
        xbc = act(mixer.conv1d(xbc.transpose(1, 2))[..., :t].transpose(1, 2))      # causal depthwise conv
        x, bm, cm = xbc.split([inner, g * n, g * n], dim=-1)
        y = scan(x.reshape(b, t, h, p), dt, -torch.exp(mixer.A_log.float()), bm.reshape(b, t, g, n), cm.reshape(b, t, g, n),
                 chunk_size=mixer.chunk_size, D=mixer.D, z=None, dt_bias=mixer.dt_bias, dt_softplus=True,
                 dt_limit=tuple(float(v) for v in mixer.time_step_limit))       # [B, T, H, P]
        y = rmsnorm(y.reshape(b, t, inner), mixer.norm.weight, None, z=z, eps=eps, group_size=inner // g,
                    norm_before_gate=False)
        return mixer.out_proj(y)
    return forward


def enable(model, supervised_layers, logits_of, log):
    """Swap in the fast forwards for `model` (attention modules of model layers not in `supervised_layers` to SDPA,
    Mamba2 mixers to Triton) if logits_of() [B, vocab] agrees with the reference; returns a one-line description of
    what runs."""
    t0 = time.time()
    with torch.no_grad():
        reference = logits_of().float()
    t1 = time.time()
    undo, done = [], []
    try:
        sdpa = 0
        for i, layer in enumerate(model.model.layers):
            for module in layer.children():
                kind = type(module).__name__
                if kind.endswith("Attention") and i not in supervised_layers:
                    config = copy.copy(module.config)
                    config._attn_implementation = "sdpa"
                    undo.append(lambda m=module, c=module.config: setattr(m, "config", c))
                    module.config = config
                    sdpa += 1
                elif hasattr(module, "A_log") and hasattr(module, "in_proj"):
                    scan, rmsnorm = _mamba_kernels()
                    undo.append(lambda m=module: m.__dict__.pop("forward", None))
                    module.forward = _triton_mixer(module, scan, rmsnorm, module.forward)
                    done.append(i)
        with torch.no_grad():
            fast = logits_of().float()
        error = float((fast - reference).abs().max() / reference.abs().max().clamp_min(1e-6))
        if not error < TOL:
            raise RuntimeError(f"logits differ by {error:.2e} of max |logit| (tolerance {TOL})")
        logits_of().float().pow(2).mean().backward()                          # the backward kernels run too
        model.zero_grad(set_to_none=True)
        what = (f"fast paths on: SDPA in {sdpa} unsupervised attention layers, Triton SSD in Mamba2 layers {done}; logits within "
                f"{error:.1e} of the reference (reference forward {t1 - t0:.1f} s, fast forward + backward {time.time() - t1:.1f} s)")
    except Exception as e:                                                  # noqa: BLE001 - any failure means: reference path
        for u in reversed(undo):
            u()
        model.zero_grad(set_to_none=True)
        what = f"fast paths off ({type(e).__name__}: {e}); reference forwards"
    log(what)
    return what
