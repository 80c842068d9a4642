using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Models;
using PruneBench.Core.Models.Caches;
using PruneBench.Core.Models.Layers;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Tests.Models.Layers;

/// <summary>
/// The MLP run over row blocks (issue 11: bounds the [T, intermediate] tensors at long T) against one pass over
/// all rows. Rows are independent and the CPU GEMM computes each output as its own dot product, so the two agree
/// bit for bit.
/// </summary>
public sealed class MlpMixerTests
{
    private const int Hidden = 16, Intermediate = 40, Rows = 23;

    [Theory]
    [InlineData(true, false)]   // SwiGLU (llama, qwen)
    [InlineData(true, true)]    // SwiGLU with biases
    [InlineData(false, false)]  // relu² (nemotron_h)
    public void Row_blocks_of_five_give_the_one_pass_output_bit_for_bit(bool gated, bool bias)
    {
        var backend = new CpuBackend();
        using var x = Input(backend, Rows, Hidden);
        using var onePass = Mlp(backend, gated, bias, rowBlock: MlpMixer.DefaultRowBlock);
        using var blocked = Mlp(backend, gated, bias, rowBlock: 5);

        using var expected = onePass.Prefill(x, Context, out _);
        using var actual = blocked.Prefill(x, Context, out var cache);

        Assert.Equal([Rows, Hidden], actual.Shape);
        Assert.Equal(backend.ToHost(expected), backend.ToHost(actual));
        Assert.Same(NoCache.Instance, cache);
    }

    [Fact]
    public void A_block_as_long_as_the_input_is_one_pass()
    {
        var backend = new CpuBackend();
        using var x = Input(backend, Rows, Hidden);
        using var onePass = Mlp(backend, gated: false, bias: false, rowBlock: MlpMixer.DefaultRowBlock);
        using var exact = Mlp(backend, gated: false, bias: false, rowBlock: Rows);

        using var expected = onePass.Prefill(x, Context, out _);
        using var actual = exact.Prefill(x, Context, out _);

        Assert.Equal(backend.ToHost(expected), backend.ToHost(actual));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Row_blocks_never_hold_an_intermediate_tensor_for_every_row(bool gated)
    {
        const int rows = 64, intermediate = 256;
        var backend = new CpuBackend();
        using var x = Input(backend, rows, Hidden);
        using var mlp = new MlpMixer(backend, new RandomWeights(backend, 3), "mlp.", Hidden, intermediate, gated, bias: false, rowBlock: 8);
        backend.ResetPeakMemory();
        var before = backend.Memory.UsedBytes;

        using var y = mlp.Prefill(x, Context, out _);

        // One pass holds up (and gate) [64, 256] plus the activation: ≥ 2 × 64 KB. Blocks of 8 rows hold the
        // [64, 16] output and [8, 256]-sized intermediates: under one [rows, intermediate] fp32 tensor.
        var highWater = backend.Memory.PeakBytes - before;
        Assert.True(highWater < 4L * rows * intermediate, $"peak {highWater} bytes above the input");
    }

    [Fact]
    public void A_row_block_below_one_is_refused()
    {
        var backend = new CpuBackend();
        Assert.Throws<ArgumentOutOfRangeException>(() => new MlpMixer(backend, new RandomWeights(backend, 1), "mlp.", Hidden, Intermediate, gated: false, bias: false, rowBlock: 0));
    }

    private static PrefillContext Context => new([], null, 0, null);

    private static MlpMixer Mlp(CpuBackend backend, bool gated, bool bias, int rowBlock) =>
        new(backend, new RandomWeights(backend, 11), "mlp.", Hidden, Intermediate, gated, bias, rowBlock);

    private static Tensor Input(CpuBackend backend, int rows, int width)
    {
        var r = new Random(rows);
        return backend.FromHost(Enumerable.Range(0, rows * width).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray(), rows, width);
    }
}
