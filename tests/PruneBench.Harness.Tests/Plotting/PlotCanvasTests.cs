using PruneBench.Harness.Plotting;

namespace PruneBench.Harness.Tests.Plotting;

public sealed class PlotCanvasTests
{
    [Theory]
    [InlineData("synth-qwen2-synth", "synth-qwen2-synth")]
    [InlineData("stateful @0.5", "stateful-0.5")]
    [InlineData("Qwen/Qwen2-VL-7B pack:/data/mlvu", "qwen-qwen2-vl-7b-pack-data-mlvu")]
    public void Slugs_keep_letters_digits_and_dots_and_join_everything_else_into_single_dashes(string text, string slug)
    {
        Assert.Equal(slug, PlotCanvas.Slug(text));
    }
}
