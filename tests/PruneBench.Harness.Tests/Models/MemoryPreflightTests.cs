using PruneBench.Core.Models;
using PruneBench.Harness.Models;
using PruneBench.Harness.Usage;
using Xunit;

namespace PruneBench.Harness.Tests.Models;

public sealed class MemoryPreflightTests
{
    [Theory]
    // Published sizes: Qwen2-7B 7.62 B, Llama-3-8B 8.03 B, NVIDIA-Nemotron-Nano-12B-v2 12.3 B parameters.
    [InlineData("qwen2-7b", 7.62e9)]
    [InlineData("llama3-8b", 8.03e9)]
    [InlineData("nemotron-nano-12b-v2", 12.3e9)]
    public void The_parameter_count_of_a_preset_is_its_published_size(string preset, double published)
    {
        Assert.InRange(MemoryPreflight.Parameters(ModelPresets.Config(preset)), published * 0.99, published * 1.01);
    }

    [Fact]
    public void A_model_whose_fp32_weights_exceed_the_available_memory_is_refused_with_both_numbers()
    {
        var config = ModelPresets.Config("nemotron-nano-12b-v2");

        var e = Assert.Throws<UsageException>(() => MemoryPreflight.Check("nemotron-nano-12b-v2", config, 24L << 30));

        Assert.Equal(
            "Model 'nemotron-nano-12b-v2' needs at least 45.9 GiB on the CPU (12.31 B parameters × 4 bytes, fp32 weights alone), but 24.0 GiB is available. Run it with --device cuda, or choose a smaller model.",
            e.Message);
        MemoryPreflight.Check("nemotron-nano-12b-v2", config, 64L << 30);
    }
}
