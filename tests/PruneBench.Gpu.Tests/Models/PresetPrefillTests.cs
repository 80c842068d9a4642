using System.Globalization;
using PruneBench.Abstractions.Tokens;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Models;

/// <summary>
/// Real-sized presets on one GPU: weights drawn on the device (no host arrays), a long video prompt
/// prefilled through the engine. Records prefill time and peak memory; a 64k-token prefill of the
/// 12B hybrid must fit (issue 6).
/// </summary>
public sealed class PresetPrefillTests(CudaFixture fixture) : CudaTestBase(fixture)
{
    [Theory]
    [InlineData("nemotron-nano-12b-v2", 16_384)]
    [InlineData("nemotron-nano-12b-v2", 65_536)]
    [InlineData("llama3-8b", 16_384)]
    public void A_real_sized_preset_prefills_a_long_video_prompt_on_one_GPU(string preset, int tokens)
    {
        var gpu = Gpu;
        var debug = gpu.SynchronizeAfterEachOp;
        gpu.SynchronizeAfterEachOp = false; // timed: no per-kernel synchronisation (errors still surface at the engine's synchronise)
        try
        {
            using var model = ModelPresets.Create(preset, gpu, seed: 1);
            const int prefix = 16, suffix = 32, perFrame = 256;
            var layout = new SampleLayout(prefix, (tokens - prefix - suffix) / perFrame, perFrame, suffix, 16, 16);
            var ids = TestData.Ints(layout.Length, model.VocabSize, 7);
            var visual = TestData.Uniform(layout.VisualCount * model.HiddenSize, 8, -0.05f, 0.05f);
            var result = new ReductionEngine(model).Run(new Prompt(ids, layout, visual), null, RunOptions.Default);
            GpuReport.Line(string.Create(CultureInfo.InvariantCulture,
                $"preset {preset}: prefill of {layout.Length} tokens ({layout.VisualCount} visual) {result.Metrics.PrefillMs:F0} ms, " +
                $"{result.Metrics.PrefillFlops / result.Metrics.PrefillMs / 1e9:F1} TFLOP/s, peak {(result.Metrics.PeakMemoryBytes ?? 0) / (double)(1L << 30):F1} GiB " +
                $"of {gpu.Info.TotalMemoryBytes / (double)(1L << 30):F0} GiB"));
            Assert.Equal(model.VocabSize, result.LastLogits.Length);
            Assert.All(result.LastLogits, v => Assert.True(float.IsFinite(v)));
            Assert.True(result.Metrics.PeakMemoryBytes is null || result.Metrics.PeakMemoryBytes < gpu.Info.TotalMemoryBytes);
        }
        finally
        {
            gpu.SynchronizeAfterEachOp = debug;
            gpu.ReleaseCachedMemory();
        }
    }
}
