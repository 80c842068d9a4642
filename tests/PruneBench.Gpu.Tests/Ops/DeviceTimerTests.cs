using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary>
/// The backend's device timer (the short path's reducer overhead): brackets queued work without waiting, counts what
/// it brackets and not the work queued between its brackets, and starts over after it is read.
/// </summary>
public abstract class DeviceTimerTests(IGpuBackendFixture fixture) : GpuTestBase(fixture)
{
    [Fact]
    public void Two_brackets_of_five_equal_GEMMs_measure_about_two_fifths_of_one_bracket_around_all_five()
    {
        const int rows = 8192, width = 4096;
        using var x = Gpu.FromHost(TestData.Uniform(rows * width, 1), rows, width);
        using var w = Weight(TestData.Uniform(width * width, 2), width, width);
        void Gemm()
        {
            using var y = Gpu.Linear(x, w, null);
        }

        Gemm(); // warm-up: cuBLAS picks its kernel
        using var all = Gpu.CreateTimer();
        using var some = Gpu.CreateTimer();
        all.Start();
        some.Start();
        Gemm();
        some.Stop();
        Gemm();
        Gemm();
        some.Start();
        Gemm();
        some.Stop();
        Gemm();
        all.Stop();
        var (total, bracketed) = (all.TakeElapsedMs(), some.TakeElapsedMs());

        Assert.True(total > 0, $"all five: {total} ms");
        Assert.InRange(bracketed / total, 0.25, 0.6);
        Assert.Equal(0, some.TakeElapsedMs()); // read: starts over
    }

    private PruneBench.Core.Tensors.Tensor Weight(float[] data, params int[] shape) => BothWeight(data, shape).Gpu;
}

public sealed class TorchDeviceTimerTests(TorchFixture fixture) : DeviceTimerTests(fixture);

public sealed class NativeDeviceTimerTests(CudaFixture fixture) : DeviceTimerTests(fixture);
