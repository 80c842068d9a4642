using PruneBench.Core.Backends.Cpu;

namespace PruneBench.Core.Tests.Backends;

/// <summary>Attention and the query-row signal against the full L×L attention matrix computed by brute force.</summary>
public sealed class CpuAttentionOpsTests
{
    private readonly CpuBackend _b = new();

    /// <summary>P[h, i, j] = causal softmax over j ≤ i of q_{i,h}·k_{j,kv(h)}/√d + logSize_j, in double.</summary>
    private static double[,,] FullMatrix(float[] q, float[] k, int t, int hq, int hkv, int d, float[]? logSize)
    {
        var p = new double[hq, t, t];
        for (var h = 0; h < hq; h++)
        {
            var kvh = h / (hq / hkv);
            for (var i = 0; i < t; i++)
            {
                var logits = new double[i + 1];
                for (var j = 0; j <= i; j++)
                {
                    double dot = 0;
                    for (var x = 0; x < d; x++)
                    {
                        dot += q[(i * hq + h) * d + x] * k[(j * hkv + kvh) * d + x];
                    }

                    logits[j] = dot / Math.Sqrt(d) + (logSize?[j] ?? 0);
                }

                var max = logits.Max();
                var sum = logits.Sum(l => Math.Exp(l - max));
                for (var j = 0; j <= i; j++)
                {
                    p[h, i, j] = Math.Exp(logits[j] - max) / sum;
                }
            }
        }

        return p;
    }

    [Theory]
    [InlineData(1, 2, 2)]
    [InlineData(9, 4, 2)]
    [InlineData(17, 6, 3)]
    public void Attention_output_equals_the_full_matrix_times_values(int t, int hq, int hkv)
    {
        var r = new Random(t);
        const int d = 8;
        var q = Enumerable.Range(0, t * hq * d).Select(_ => (float)r.NextDouble() - 0.5f).ToArray();
        var k = Enumerable.Range(0, t * hkv * d).Select(_ => (float)r.NextDouble() - 0.5f).ToArray();
        var v = Enumerable.Range(0, t * hkv * d).Select(_ => (float)r.NextDouble() - 0.5f).ToArray();
        var logSize = Enumerable.Range(0, t).Select(i => MathF.Log(1 + i % 3)).ToArray();
        var p = FullMatrix(q, k, t, hq, hkv, d, logSize);
        var y = _b.ToHost(_b.Attention(_b.FromHost(q, t, hq, d), _b.FromHost(k, t, hkv, d), _b.FromHost(v, t, hkv, d), t, 0, _b.FromHost(logSize, t)));
        for (var h = 0; h < hq; h++)
        {
            for (var i = 0; i < t; i++)
            {
                for (var x = 0; x < d; x++)
                {
                    double expected = 0;
                    for (var j = 0; j <= i; j++)
                    {
                        expected += p[h, i, j] * v[(j * hkv + h / (hq / hkv)) * d + x];
                    }

                    Assert.Equal(expected, y[(i * hq + h) * d + x], 4);
                }
            }
        }
    }

    [Fact]
    public void Query_attention_rows_equal_the_rows_of_the_full_attention_matrix()
    {
        var r = new Random(3);
        const int t = 23, hq = 4, hkv = 2, d = 8, visStart = 3, visCount = 12;
        var q = Enumerable.Range(0, t * hq * d).Select(_ => (float)r.NextDouble() - 0.5f).ToArray();
        var k = Enumerable.Range(0, t * hkv * d).Select(_ => (float)r.NextDouble() - 0.5f).ToArray();
        var p = FullMatrix(q, k, t, hq, hkv, d, null);
        int[] rows = [16, 19, 22];
        var qRows = rows.SelectMany(i => q.Skip(i * hq * d).Take(hq * d)).ToArray();
        var raw = _b.ToHost(_b.QueryAttention(_b.FromHost(qRows, rows.Length, hq, d), _b.FromHost(k, t, hkv, d), t, rows, null, visStart, visCount, perQuery: true));
        var mean = _b.ToHost(_b.QueryAttention(_b.FromHost(qRows, rows.Length, hq, d), _b.FromHost(k, t, hkv, d), t, rows, null, visStart, visCount, perQuery: false));
        for (var h = 0; h < hq; h++)
        {
            for (var j = 0; j < visCount; j++)
            {
                double m = 0;
                for (var qi = 0; qi < rows.Length; qi++)
                {
                    var expected = p[h, rows[qi], visStart + j];
                    Assert.Equal(expected, raw[(h * rows.Length + qi) * visCount + j], 5);
                    m += expected / rows.Length;
                }

                Assert.Equal(m, mean[h * visCount + j], 5);
            }
        }
    }
}
