using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Checkpoints;

namespace PruneBench.Core.Tests.Checkpoints;

/// <summary>M-RoPE's frequency-to-axis maps and its composition from per-axis 1-D rotations, against transformers' rules written out.</summary>
public sealed class MRopeTests
{
    /// <summary>transformers' apply_interleaved_mrope: freqs_t = freqs[0]; freqs_t[offset:3·s[dim]:3] = freqs[dim] for (dim, offset) in ((1,1), (2,2)).</summary>
    private static int[] InterleavedAxes(int[] section, int half)
    {
        var axis = new int[half];
        foreach (var (dim, offset) in new[] { (1, 1), (2, 2) })
        {
            for (var i = offset; i < Math.Min(3 * section[dim], half); i += 3)
            {
                axis[i] = dim;
            }
        }

        return axis;
    }

    [Fact]
    public void Contiguous_sections_give_t_then_h_then_w_frequencies_as_in_qwen2_vl()
    {
        // apply_multimodal_rotary_pos_emb splits the d/2 frequencies by mrope_section [16, 24, 24], chunk i reading axis i.
        var m = new MRope([16, 24, 24], Interleaved: false);
        var axes = Enumerable.Range(0, 64).Select(m.AxisOf).ToArray();
        Assert.Equal(Enumerable.Repeat(0, 16).Concat(Enumerable.Repeat(1, 24)).Concat(Enumerable.Repeat(2, 24)), axes);
    }

    [Theory]
    [InlineData(24, 20, 20)]
    [InlineData(2, 3, 3)]
    [InlineData(4, 2, 2)]
    public void Interleaved_sections_follow_qwen3_vl(int t, int h, int w)
    {
        var half = t + h + w;
        var m = new MRope([t, h, w], Interleaved: true);
        Assert.Equal(InterleavedAxes([t, h, w], half), Enumerable.Range(0, half).Select(m.AxisOf));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rotating_once_per_axis_equals_rotating_each_frequency_by_its_own_axis(bool interleaved)
    {
        const int tokens = 5, heads = 3, d = 16;
        var m = new MRope([2, 3, 3], interleaved);
        var inv = Enumerable.Range(0, d / 2).Select(i => (float)Math.Pow(10000, -2.0 * i / d)).ToArray();
        var r = new Random(7);
        var x = Enumerable.Range(0, tokens * heads * d).Select(_ => (float)r.NextDouble() - 0.5f).ToArray();
        var pos = Enumerable.Range(0, MRope.Axes).Select(_ => Enumerable.Range(0, tokens).Select(_ => r.Next(0, 300)).ToArray()).ToArray();

        var b = new CpuBackend();
        using var xt = b.FromHost(x, tokens, heads, d);
        var perAxis = m.AxisFrequencies(inv);
        for (var a = 0; a < MRope.Axes; a++)
        {
            using var ids = PositionIds.Upload(b, pos[a]);
            b.Rope(xt, perAxis[a], ids);
        }

        var got = b.ToHost(xt);
        for (var t = 0; t < tokens; t++)
        {
            for (var h = 0; h < heads; h++)
            {
                for (var i = 0; i < d / 2; i++)
                {
                    var angle = pos[m.AxisOf(i)][t] * inv[i];
                    var (p, q) = (x[(t * heads + h) * d + i], x[(t * heads + h) * d + i + d / 2]);
                    Assert.Equal(p * MathF.Cos(angle) - q * MathF.Sin(angle), got[(t * heads + h) * d + i], 1e-6f);
                    Assert.Equal(q * MathF.Cos(angle) + p * MathF.Sin(angle), got[(t * heads + h) * d + i + d / 2], 1e-6f);
                }
            }
        }
    }

    [Fact]
    public void A_zero_frequency_leaves_its_pair_bit_exact()
    {
        var b = new CpuBackend();
        var x = new[] { 0.1f, -3.7f, 1e-20f, 123.456f };
        using var xt = b.FromHost(x, 1, 1, 4);
        using var ids = PositionIds.Upload(b, [987654]);
        b.Rope(xt, [0f, 0f], ids);
        Assert.Equal(x, b.ToHost(xt));
    }
}
