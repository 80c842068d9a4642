using System.Globalization;
using PruneBench.Core.Tensors;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary><see cref="MambaParityTests"/> on the native CUDA backend, plus the timing of its scan kernel (timings are native-only).</summary>
public sealed class NativeMambaParityTests(CudaFixture fixture) : MambaParityTests(fixture)
{
    [Fact]
    public void SsdScan_time_on_a_12B_sized_layer_is_recorded()
    {
        // Nemotron-Nano-12B-v2 mixer: 128 heads × 80 head dim, 8 groups, N = 128; 8k tokens.
        const int t = 8192, h = 128, p = 80, g = 8, n = 128;
        using var x = Gpu.FromHost(TestData.Uniform(t * h * p, 1), t, h, p);
        using var dt = Gpu.FromHost(TestData.Uniform(t * h, 2, 0.001f, 0.1f), t, h);
        using var a = Gpu.FromHost(TestData.Uniform(h, 3, -8f, -0.5f), h);
        using var b = Gpu.FromHost(TestData.Uniform(t * g * n, 4), t, g, n);
        using var c = Gpu.FromHost(TestData.Uniform(t * g * n, 5), t, g, n);
        using var d = Gpu.FromHost(TestData.Uniform(h, 6), h);
        using var state = Gpu.Zeros(h, p, n);
        Gpu.SsdScan(x, dt, a, b, c, d, state, 128).Dispose();
        Tensor? y = null;
        var ms = TimeMilliseconds(() => y = Gpu.SsdScan(x, dt, a, b, c, d, state, 128));
        using (y)
        {
            GpuReport.Timing($"SSD scan T={t}, H={h}, P={p}, G={g}, N={n}", ms,
                string.Create(CultureInfo.InvariantCulture, $"{(double)t * h * p * n * 4 / ms / 1e6:F1} GFLOP/s"));
            Assert.All(Gpu.ToHost(y!), v => Assert.True(float.IsFinite(v)));
        }
    }
}
