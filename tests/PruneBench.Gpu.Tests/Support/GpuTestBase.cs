using System.Diagnostics;
using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Backends.Cuda;
using PruneBench.Core.Backends.Torch;
using PruneBench.Core.Engine;
using PruneBench.Core.Tensors;

namespace PruneBench.Gpu.Tests.Support;

/// <summary>
/// Base of every test that needs a GPU backend: <see cref="Gpu"/> skips the test — visibly, with the reason —
/// when the fixture's backend is unavailable (no CUDA, no libtorch), so CI without a GPU reports skips, never
/// silent passes. The CPU backend is the reference every op is compared with.
/// </summary>
public abstract class GpuTestBase(IGpuBackendFixture fixture)
{
    /// <summary>The device under test; skips the calling test when there is none.</summary>
    protected IBackend Gpu
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

    /// <summary>The device's name up to its first space ("cuda:0", "torch:cuda:0"), to tell report lines apart.</summary>
    protected string DeviceLabel => Gpu.Name.Split(' ')[0];

    /// <summary>The fp32 reference.</summary>
    protected CpuBackend Cpu { get; } = new();

    /// <summary>The type the device stores weights in and rounds GEMM operands to (<see cref="IGpuBackendFixture.WeightType"/>).</summary>
    protected DType WeightType => fixture.WeightType;

    /// <summary><paramref name="value"/> as the device stores a weight of that value.</summary>
    protected float AsWeight(float value) => WeightType == DType.BF16 ? Bf16.Round(value) : value;

    /// <summary>Skips the calling test, with the reason, when the device cannot measure its memory (Torch backend without the driver pool).</summary>
    protected void RequireMemoryStats()
    {
        if (!Gpu.MeasuresMemory)
        {
            Assert.Skip($"{Gpu.Name}: memory is not measured (PYTORCH_CUDA_ALLOC_CONF selects an allocator other than libtorch's cudaMallocAsync pool).");
        }
    }

    /// <summary>
    /// Milliseconds of <paramref name="work"/> on the device: CUDA events on the native backend, otherwise a
    /// stopwatch between two <see cref="IBackend.Synchronize"/> calls.
    /// </summary>
    protected float TimeMilliseconds(Action work)
    {
        var gpu = Gpu;
        if (gpu is CudaBackend cuda)
        {
            return cuda.TimeMilliseconds(work);
        }

        gpu.Synchronize();
        var clock = Stopwatch.StartNew();
        work();
        gpu.Synchronize();
        return (float)clock.Elapsed.TotalMilliseconds;
    }

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

    /// <summary>RoPE at host position ids (uploaded as <see cref="PositionIds"/>, as the engine does once per prompt).</summary>
    protected static void RopeAt(IBackend backend, Tensor x, float[] invFreq, int[] positions)
    {
        using var ids = PositionIds.Upload(backend, positions);
        backend.Rope(x, invFreq, ids);
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

    /// <summary>
    /// Last and decode logits within tolerance (relative to max |logit|); greedy tokens equal unless the
    /// reference's top two were within 2 × tolerance there — each of the two may move by tolerance × max |logit|
    /// (after a differing token the decode inputs differ, so later steps are not compared).
    /// </summary>
    protected static void AssertLogits(RunResult reference, RunResult actual, float tolerance, string name, Func<int, float>? decodeTolerance = null)
    {
        AssertClose(reference.LastLogits, actual.LastLogits, tolerance, $"{name} last logits");
        Assert.Equal(reference.Generated.Length, actual.Generated.Length);
        var steps = new[] { reference.LastLogits }.Concat(reference.DecodeLogits).ToArray();
        var firstDiff = Enumerable.Range(0, reference.Generated.Length).FirstOrDefault(i => reference.Generated[i] != actual.Generated[i], reference.Generated.Length);
        if (firstDiff < reference.Generated.Length)
        {
            var margin = TopTwoMargin(steps[firstDiff]);
            var scale = steps[firstDiff].Max(Math.Abs);
            Assert.True(margin <= 2 * tolerance * scale,
                $"{name}: greedy token {firstDiff} differs ({reference.Generated[firstDiff]} vs {actual.Generated[firstDiff]}) though the reference's top-two margin {margin} exceeds 2 × {tolerance} × {scale}");
        }

        for (var s = 0; s < Math.Min(firstDiff, reference.DecodeLogits.Length); s++)
        {
            AssertClose(reference.DecodeLogits[s], actual.DecodeLogits[s], decodeTolerance?.Invoke(s) ?? tolerance, $"{name} decode step {s}");
        }
    }

    /// <summary>Largest minus second-largest logit.</summary>
    protected static float TopTwoMargin(float[] logits)
    {
        var ordered = logits.OrderDescending().ToArray();
        return ordered.Length < 2 ? float.PositiveInfinity : ordered[0] - ordered[1];
    }
}
