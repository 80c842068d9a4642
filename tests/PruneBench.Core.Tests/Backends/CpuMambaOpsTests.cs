using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Tests.Backends;

/// <summary>The chunked SSD scan, conv state and implicit attention against brute-force Mamba2 recurrences.</summary>
public sealed class CpuMambaOpsTests
{
    private readonly CpuBackend _b = new();

    private static float[] Rand(Random r, int n, float scale = 1f, float offset = 0f) =>
        Enumerable.Range(0, n).Select(_ => offset + scale * (float)(r.NextDouble() * 2 - 1)).ToArray();

    /// <summary>h ← exp(dt·A)·h + dt·x⊗B; y = C·h + D·x, one token at a time. Returns y [T,H,P] and the final state.</summary>
    private static (float[] Y, float[] State) Recurrence(float[] x, float[] dt, float[] a, float[] b, float[] c, float[] d, int t, int h, int p, int g, int n)
    {
        var s = new double[h * p * n];
        var y = new float[t * h * p];
        for (var k = 0; k < t; k++)
        {
            for (var head = 0; head < h; head++)
            {
                var grp = head / (h / g);
                var decay = Math.Exp(dt[k * h + head] * a[head]);
                for (var pp = 0; pp < p; pp++)
                {
                    double acc = 0;
                    for (var nn = 0; nn < n; nn++)
                    {
                        var idx = (head * p + pp) * n + nn;
                        s[idx] = decay * s[idx] + dt[k * h + head] * x[(k * h + head) * p + pp] * b[(k * g + grp) * n + nn];
                        acc += c[(k * g + grp) * n + nn] * s[idx];
                    }

                    y[(k * h + head) * p + pp] = (float)(acc + d[head] * x[(k * h + head) * p + pp]);
                }
            }
        }

        return (y, s.Select(v => (float)v).ToArray());
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(7, 3)]
    [InlineData(33, 8)]
    [InlineData(33, 1)]
    [InlineData(40, 64)]
    public void Chunked_ssd_scan_equals_the_token_by_token_recurrence(int t, int chunk)
    {
        var r = new Random(t * 31 + chunk);
        const int h = 4, p = 3, g = 2, n = 5;
        var (x, dt, a, bm, cm, d) = (Rand(r, t * h * p), Rand(r, t * h, 0.2f, 0.25f), Rand(r, h, 1f, -2f), Rand(r, t * g * n), Rand(r, t * g * n), Rand(r, h));
        var (yRef, sRef) = Recurrence(x, dt, a, bm, cm, d, t, h, p, g, n);
        using var state = _b.Zeros(h, p, n);
        using var y = _b.SsdScan(_b.FromHost(x, t, h, p), _b.FromHost(dt, t, h), _b.FromHost(a, h), _b.FromHost(bm, t, g, n), _b.FromHost(cm, t, g, n), _b.FromHost(d, h), state, chunk);
        AssertClose(yRef, _b.ToHost(y), 1e-4f);
        AssertClose(sRef, _b.ToHost(state), 1e-4f);
    }

    [Fact]
    public void Scanning_in_two_pieces_with_the_carried_state_equals_one_scan()
    {
        var r = new Random(5);
        const int t = 21, h = 2, p = 2, g = 1, n = 3, split = 9;
        var (x, dt, a, bm, cm, d) = (Rand(r, t * h * p), Rand(r, t * h, 0.2f, 0.25f), Rand(r, h, 1f, -2f), Rand(r, t * g * n), Rand(r, t * g * n), Rand(r, h));
        using var whole = _b.Zeros(h, p, n);
        var yWhole = _b.ToHost(_b.SsdScan(_b.FromHost(x, t, h, p), _b.FromHost(dt, t, h), _b.FromHost(a, h), _b.FromHost(bm, t, g, n), _b.FromHost(cm, t, g, n), _b.FromHost(d, h), whole, 4));
        using var carried = _b.Zeros(h, p, n);
        var y1 = _b.ToHost(_b.SsdScan(_b.FromHost(x[..(split * h * p)], split, h, p), _b.FromHost(dt[..(split * h)], split, h), _b.FromHost(a, h),
            _b.FromHost(bm[..(split * g * n)], split, g, n), _b.FromHost(cm[..(split * g * n)], split, g, n), _b.FromHost(d, h), carried, 4));
        var rest = t - split;
        var y2 = _b.ToHost(_b.SsdScan(_b.FromHost(x[(split * h * p)..], rest, h, p), _b.FromHost(dt[(split * h)..], rest, h), _b.FromHost(a, h),
            _b.FromHost(bm[(split * g * n)..], rest, g, n), _b.FromHost(cm[(split * g * n)..], rest, g, n), _b.FromHost(d, h), carried, 1));
        AssertClose(yWhole, [.. y1, .. y2], 1e-5f);
        AssertClose(_b.ToHost(whole), _b.ToHost(carried), 1e-5f);
    }

    [Fact]
    public void Causal_conv_with_carried_state_equals_one_pass_and_matches_the_definition()
    {
        var r = new Random(9);
        const int t = 10, c = 3, k = 4;
        var (x, w, bias) = (Rand(r, t * c), Rand(r, c * k), Rand(r, c));
        using var s1 = _b.Zeros(c, k - 1);
        var whole = _b.ToHost(_b.CausalConv1dSilu(_b.FromHost(x, t, c), _b.FromHost(w, c, k), _b.FromHost(bias, c), s1));
        for (var s = 0; s < t; s++)
        {
            for (var ch = 0; ch < c; ch++)
            {
                var acc = bias[ch];
                for (var j = 0; j < k; j++)
                {
                    var src = s - (k - 1) + j;
                    acc += src >= 0 ? w[ch * k + j] * x[src * c + ch] : 0f;
                }

                Assert.Equal(acc / (1f + MathF.Exp(-acc)), whole[s * c + ch], 5);
            }
        }

        using var s2 = _b.Zeros(c, k - 1);
        var first = _b.ToHost(_b.CausalConv1dSilu(_b.FromHost(x[..(2 * c)], 2, c), _b.FromHost(w, c, k), _b.FromHost(bias, c), s2));
        var steps = Enumerable.Range(2, t - 2).SelectMany(s => _b.ToHost(_b.CausalConv1dSilu(_b.FromHost(x[(s * c)..((s + 1) * c)], 1, c), _b.FromHost(w, c, k), _b.FromHost(bias, c), s2)));
        AssertClose(whole, [.. first, .. steps], 1e-6f);
        AssertClose(_b.ToHost(s1), _b.ToHost(s2), 0f);
    }

    [Theory]
    [InlineData(ImplicitVariant.Decay, ScoreTransform.Abs)]
    [InlineData(ImplicitVariant.Decay, ScoreTransform.Clamp)]
    [InlineData(ImplicitVariant.NoDecay, ScoreTransform.Abs)]
    public void Implicit_attention_equals_the_unrolled_mamba2_recurrence(ImplicitVariant variant, ScoreTransform transform)
    {
        // α^h_{i,j} is the weight of x_j in y_i: drive the recurrence with a one-hot input at j (P = 1, D = 0)
        // and read y_i. The nodecay variant drives a recurrence whose decay is forced to 1 (A = 0).
        var r = new Random(11);
        const int t = 14, h = 4, g = 2, n = 3, visStart = 2, visCount = 8;
        var (dt, a, bm, cm) = (Rand(r, t * h, 0.2f, 0.3f), Rand(r, h, 1f, -2f), Rand(r, t * g * n), Rand(r, t * g * n));
        int[] queries = [11, 12, 13];
        var aForRecurrence = variant == ImplicitVariant.Decay ? a : new float[h];
        var expected = new float[visCount];
        for (var j = 0; j < visCount; j++)
        {
            var col = visStart + j;
            var x = new float[t * h];
            for (var head = 0; head < h; head++)
            {
                x[col * h + head] = 1f;
            }

            var (y, _) = Recurrence(x, dt, aForRecurrence, bm, cm, new float[h], t, h, 1, g, n);
            foreach (var i in queries)
            {
                for (var head = 0; head < h; head++)
                {
                    var alpha = y[i * h + head];
                    expected[j] += transform == ScoreTransform.Abs ? Math.Abs(alpha) : Math.Max(alpha, 0f);
                }
            }
        }

        using var s = _b.ImplicitAttention(_b.FromHost(bm, t, g, n), _b.FromHost(cm, t, g, n), _b.FromHost(dt, t, h), _b.FromHost(a, h), queries, visStart, visCount, variant, transform);
        AssertClose(expected, _b.ToHost(s), 1e-4f);
    }

    private static void AssertClose(float[] expected, float[] actual, float tol)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(1f, expected.Max(Math.Abs));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * scale, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
