using PruneBench.Abstractions.Model;
using PruneBench.Core.Checkpoints;

namespace PruneBench.Core.Engine;

/// <summary>
/// Architecture-aware analytic prefill FLOPs (multiply-add = 2 FLOPs), each layer counted on the length T_ℓ
/// of the sequence it actually processed.
/// </summary>
public static class FlopCounter
{
    /// <summary>FLOPs of layer kind <paramref name="kind"/> over <paramref name="t"/> tokens.</summary>
    public static double Layer(ModelConfig c, LayerKind kind, int t)
    {
        double T = t, H = c.HiddenSize;
        switch (kind)
        {
            case LayerKind.Attention:
            {
                double hq = c.AttentionHeads, hkv = c.KeyValueHeads, d = c.HeadDim;
                var proj = 2 * T * H * (hq * d + 2 * hkv * d) + 2 * T * hq * d * H;
                // QKᵀ and PV over the causal triangle: Σ_i (i+1) = T(T+1)/2 keys per head, 2 matmuls × 2 FLOPs.
                var core = 2 * 2 * hq * d * (T * (T + 1) / 2);
                // Dense Transformer layers carry their SwiGLU MLP (3 matrices); nemotron_h attention layers do not.
                var mlp = c.Family == ModelFamily.Transformer ? 2 * T * 3 * H * c.IntermediateSize : 0;
                return proj + core + mlp;
            }

            case LayerKind.Mamba:
            {
                double inner = c.MambaInner, conv = c.ConvDim, heads = c.MambaHeads, p = c.MambaHeadDim, n = c.SsmStateSize;
                var q = Math.Min(c.ChunkSize, Math.Max(t, 1));
                var proj = 2 * T * H * (inner + conv + heads) + 2 * T * inner * H;
                var convFlops = 2 * T * conv * c.ConvKernel;
                // SSD: intra-chunk C·Bᵀ and its product with x (≈ chunk/2 keys per token), chunk states and their readout.
                var ssd = T * heads * (q * (n + p)) + T * heads * 6 * p * n;
                return proj + convFlops + ssd;
            }

            default:
                return 2 * T * 2 * H * c.IntermediateSize;
        }
    }

    /// <summary>FLOPs of the lm_head on <paramref name="rows"/> rows.</summary>
    public static double Head(ModelConfig c, int rows) => 2.0 * rows * c.HiddenSize * c.VocabSize;
}
