namespace PruneBench.Core.Checkpoints;

/// <summary>
/// Multimodal RoPE (M-RoPE) of Qwen2-VL / Qwen2.5-VL / Qwen3-VL: every token has three position ids
/// (t, h, w), and each of the HeadDim/2 rotary frequencies is driven by one of them. Which one is fixed by
/// <c>mrope_section</c> [s_t, s_h, s_w] (s_t + s_h + s_w = HeadDim/2):
/// <list type="bullet">
/// <item>contiguous (Qwen2-VL, Qwen2.5-VL; transformers' <c>apply_multimodal_rotary_pos_emb</c>): frequencies
/// [0, s_t) read t, [s_t, s_t + s_h) read h, the rest read w;</item>
/// <item>interleaved (Qwen3-VL; <c>apply_interleaved_mrope</c>): frequency i reads h when i mod 3 = 1 and
/// i &lt; 3·s_h, w when i mod 3 = 2 and i &lt; 3·s_w, t otherwise.</item>
/// </list>
/// Rotations of disjoint frequency pairs commute and a zero frequency is the identity, so M-RoPE is one
/// 1-D rotation per axis with the other axes' frequencies zeroed (<see cref="AxisFrequencies"/>); plain
/// RoPE is the one-axis case of the same loop.
/// </summary>
/// <param name="Section">[s_t, s_h, s_w].</param>
/// <param name="Interleaved">Qwen3-VL's interleaved layout.</param>
public sealed record MRope(int[] Section, bool Interleaved)
{
    /// <summary>Position axes: t, h, w.</summary>
    public const int Axes = 3;

    /// <summary>The axis (0 = t, 1 = h, 2 = w) whose position id rotates frequency <paramref name="frequency"/>.</summary>
    public int AxisOf(int frequency)
    {
        if (!Interleaved)
        {
            return frequency < Section[0] ? 0 : frequency < Section[0] + Section[1] ? 1 : 2;
        }

        return (frequency % 3) switch
        {
            1 when frequency < 3 * Section[1] => 1,
            2 when frequency < 3 * Section[2] => 2,
            _ => 0,
        };
    }

    /// <summary>
    /// Per-axis inverse frequencies [3][HeadDim/2]: entry a keeps the frequencies axis a drives and is 0
    /// elsewhere. Rotating by axis a's positions with entry a, for a = 0, 1, 2, is M-RoPE.
    /// </summary>
    public float[][] AxisFrequencies(float[] invFreq)
    {
        var result = new float[Axes][];
        for (var a = 0; a < Axes; a++)
        {
            result[a] = new float[invFreq.Length];
            for (var i = 0; i < invFreq.Length; i++)
            {
                result[a][i] = AxisOf(i) == a ? invFreq[i] : 0f;
            }
        }

        return result;
    }
}
