using PruneBench.Core.Backends.Cuda;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary><see cref="MemoryOpsParityTests"/> on the native CUDA backend, plus what only it promises.</summary>
public sealed class NativeMemoryOpsParityTests(CudaFixture fixture) : MemoryOpsParityTests(fixture)
{
    [Theory]
    [InlineData(0, 1f, 0f, 1UL)]
    [InlineData(1, 0.5f, 0f, 7UL)]
    [InlineData(100_003, 0.02f, 0f, 42UL)]
    [InlineData(4097, 1.35f, 1.4f, 1_000_003UL * 5)]
    [InlineData(33, 0f, 1f, 9UL)]
    public void RandomWeight_is_the_bf16_rounding_of_the_CPU_stream(int n, float scale, float offset, ulong seed)
    {
        using var cpu = Cpu.RandomWeight([n], scale, offset, seed);
        using var gpu = Gpu.RandomWeight([n], scale, offset, seed);
        var expected = Cpu.ToHost(cpu).Select(Bf16.Round).ToArray();
        Assert.Equal(expected, Gpu.ToHost(gpu));
    }

    [Fact]
    public void CopyRows_out_of_range_is_an_ArgumentOutOfRangeException()
    {
        using var src = Gpu.Zeros(40, 7);
        using var dst = Gpu.Zeros(12, 7);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gpu.CopyRows(src, 35, dst, 0, 6));
    }
}
