using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Backends.Cuda;
using PruneBench.Core.Tensors;

namespace PruneBench.Gpu.Tests.Support;

/// <summary>
/// Base of every test that needs the GPU: <see cref="Gpu"/> skips the test — visibly, with the reason —
/// when CUDA is unavailable, so CI without a GPU reports skips, never silent passes. The CPU backend is
/// the reference every kernel is compared with.
/// </summary>
public abstract class GpuTestBase(CudaFixture fixture)
{
    /// <summary>The device under test; skips the calling test when there is none.</summary>
    protected CudaBackend Gpu
    {
        get
        {
            if (fixture.Backend is null)
            {
                Assert.Skip(fixture.UnavailableReason);
            }

            return fixture.Backend;
        }
    }

    /// <summary>The fp32 reference.</summary>
    protected CpuBackend Cpu { get; } = new();

    /// <summary>Uploads the same host data to both backends.</summary>
    protected (Tensor Cpu, Tensor Gpu) Both(float[] data, params int[] shape) => (Cpu.FromHost(data, shape), Gpu.FromHost(data, shape));

    /// <summary>Uploads a weight (bf16-exact values, so both backends hold the same numbers) to both backends.</summary>
    protected (Tensor Cpu, Tensor Gpu) BothWeight(float[] data, params int[] shape)
    {
        var bytes = new byte[data.Length * 2];
        for (var i = 0; i < data.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), Bf16.FromSingle(data[i]));
        }

        return (Cpu.LoadWeight(bytes, DType.BF16, shape), Gpu.LoadWeight(bytes, DType.BF16, shape));
    }

    /// <summary>
    /// max |gpu − cpu| ≤ <paramref name="relative"/> · max(max |cpu|, <paramref name="scaleFloor"/>) (NaNs must
    /// agree). Relative to the tensor's largest magnitude because fp32 sums in another order differ by a
    /// multiple of the rounding of the largest terms, not of each element; the floor is for tensors whose
    /// natural scale is known and larger than their (possibly tiny) values.
    /// </summary>
    protected static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float relative, string what, float scaleFloor = 0f)
    {
        Assert.Equal(expected.Length, actual.Length);
        var maxAbs = 0f;
        foreach (var e in expected)
        {
            maxAbs = float.IsFinite(e) ? Math.Max(maxAbs, Math.Abs(e)) : maxAbs;
        }

        var (worst, at) = (0f, -1);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(float.IsNaN(expected[i]) == float.IsNaN(actual[i]), $"{what}: NaN mismatch at {i} (cpu {expected[i]}, gpu {actual[i]})");
            var d = Math.Abs(expected[i] - actual[i]);
            if (d > worst)
            {
                (worst, at) = (d, i);
            }
        }

        var bound = relative * Math.Max(Math.Max(maxAbs, scaleFloor), 1e-20f);
        Assert.True(worst <= bound,
            $"{what}: max |gpu − cpu| = {worst:G4} at {at} (cpu {(at >= 0 ? expected[at] : 0):G6}, gpu {(at >= 0 ? actual[at] : 0):G6}) exceeds {relative:G2} × max |cpu| ({maxAbs:G4})");
    }

    /// <summary>Compares a GPU tensor with the CPU tensor computed by the reference.</summary>
    protected void AssertClose(Tensor expected, Tensor actual, float relative, string what, float scaleFloor = 0f)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        AssertClose(Cpu.ToHost(expected), Gpu.ToHost(actual), relative, what, scaleFloor);
    }

    /// <summary>max |a − b| / max |a| (for reporting measured drift).</summary>
    protected static float RelativeDifference(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        var (diff, scale) = (0f, 0f);
        for (var i = 0; i < expected.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(expected[i] - actual[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }

        return scale == 0 ? diff : diff / scale;
    }
}
