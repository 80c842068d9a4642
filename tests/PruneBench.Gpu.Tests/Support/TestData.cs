using PruneBench.Core.Backends.Cuda;

namespace PruneBench.Gpu.Tests.Support;

/// <summary>Seeded test inputs. Values are bf16-exact so that bf16 weight storage and GEMM-operand rounding on the GPU change nothing.</summary>
public static class TestData
{
    /// <summary><paramref name="n"/> values uniform in [lo, hi), rounded to bf16.</summary>
    public static float[] Uniform(int n, int seed, float lo = -1f, float hi = 1f)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = Bf16.Round(lo + ((hi - lo) * rng.NextSingle()));
        }

        return v;
    }

    /// <summary><paramref name="n"/> ints in [0, max).</summary>
    public static int[] Ints(int n, int max, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => rng.Next(max))];
    }
}
