using PruneBench.Harness.Leaderboard;
using Xunit;

namespace PruneBench.Harness.Tests.Leaderboard;

public sealed class ParameterDisplayTests
{
    [Fact]
    public void Fractions_print_at_the_resolution_of_the_visual_tokens_they_act_on()
    {
        Assert.Equal("layers=6;ratio=0.1;proportional_attention=false",
            ParameterDisplay.Round("layers=6;ratio=0.09999999999996409;proportional_attention=false", 1024));
        Assert.Equal("k=1;ratio=0.1429;axis=spatial", ParameterDisplay.Round("k=1;ratio=0.14285714285714285;axis=spatial", 1024));
        Assert.Equal("ratio=0.14", ParameterDisplay.Round("ratio=0.14285714285714285", 64));
        Assert.Equal("ratio=0.14286", ParameterDisplay.Round("ratio=0.14285714285714285", 16384));
    }

    [Fact]
    public void Integers_words_and_empty_parameters_are_left_as_they_are()
    {
        Assert.Equal("k=2;step_layers=auto;gamma=2", ParameterDisplay.Round("k=2;step_layers=auto;gamma=2", 1024));
        Assert.Equal("", ParameterDisplay.Round("", 1024));
    }
}
