using PruneBench.Abstractions.Methods;
using PruneBench.Plugins.Builtin.Random;
using PruneBench.Plugins.Tests.TestSupport;
using Xunit;

namespace PruneBench.Plugins.Tests.Random;

public class RandomMethodTests
{
    private static DriverRun Run(string args, int seed) =>
        new DecisionDriver(TestShapes.Dense, TestShapes.Video)
            .Run(new RandomMethod().Configure(Methods.Args(args), null, TestShapes.Dense).CreateReducer(TestShapes.Video, seed));

    [Fact]
    public void K_zero_decides_before_the_llm_and_keeps_the_ceiling_of_ratio_times_visual_tokens()
    {
        var run = Run("k=0;ratio=0.3", 1);
        Assert.Equal(-1, Assert.Single(run.Decisions).Layer);
        Assert.All(run.VisualPerLayer, v => Assert.Equal(39, v)); // ⌈0.3·128⌉
    }

    [Fact]
    public void Different_seeds_keep_different_tokens()
    {
        Assert.NotEqual(Run("", 1).SurvivorsPerLayer[^1], Run("", 2).SurvivorsPerLayer[^1]);
    }

    [Fact]
    public void Budget_lowers_k_when_the_default_cannot_reach_it()
    {
        // ρ = 0.1 on 16 layers: k = 2 forces ρ ≥ 2/16, so k drops to 1.
        var configured = new RandomMethod().Configure(Methods.Args(""), 0.1, TestShapes.Dense);
        Assert.Equal("1", Canonical.Text(configured, "k"));
        Assert.Throws<PruneBench.Abstractions.Parameters.NotApplicableException>(() =>
            new RandomMethod().Configure(Methods.Args("k=2"), 0.1, TestShapes.Dense));
    }
}
