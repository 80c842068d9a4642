using PruneBench.Abstractions.Methods;
using System.Globalization;
using PruneBench.Abstractions.Decisions;
using PruneBench.Plugins.Builtin.ToMe;
using PruneBench.Plugins.Tests.TestSupport;
using Xunit;

namespace PruneBench.Plugins.Tests.ToMe;

public class ToMeMethodTests
{
    [Fact]
    public void Default_merge_depth_is_24_of_32_layers_scaled_to_the_model()
    {
        var configured = new ToMeMethod().Configure(Methods.Args(""), null, TestShapes.Dense);
        Assert.Contains("layers=12", configured.CanonicalParameters, StringComparison.Ordinal);
        Assert.Equal("0-11", new DecisionDriver(TestShapes.Dense, TestShapes.Video).Run(configured.CreateReducer(TestShapes.Video, 1)).ReducedAfter);
    }

    [Fact]
    public void Every_merge_layer_merges_the_planned_count_and_only_merges()
    {
        var model = TestShapes.Hybrid;
        var configured = new ToMeMethod().Configure(Methods.Args("layers=6;ratio=0.4"), null, model);
        var run = new DecisionDriver(model, TestShapes.Video).Run(configured.CreateReducer(TestShapes.Video, 1));
        var schedule = ToMeMethod.Schedule(6, 0.4, model.LayerCount);

        Assert.All(run.Decisions, d => Assert.Equal(DecisionKind.Merge, d.Decision.Kind));
        Assert.Equal([0, 1, 2, 3, 4, 5], run.Decisions.Select(d => d.Layer));
        for (var l = 0; l < model.LayerCount; l++)
        {
            Assert.Equal(schedule.Count(l, TestShapes.Video.VisualCount), run.VisualPerLayer[l]);
        }

        // A constant r per layer: (1 − 0.4)·128/6 = 12.8 → counts fall by 12 or 13.
        var steps = run.VisualPerLayer.Zip(run.VisualPerLayer.Skip(1)).Take(6).Select(p => p.First - p.Second);
        Assert.All(steps, s => Assert.InRange(s, 12, 13));
    }

    [Fact]
    public void Budget_below_the_default_depth_reach_moves_the_depth()
    {
        var configured = new ToMeMethod().Configure(Methods.Args(""), 0.3, TestShapes.Dense);
        var layers = int.Parse(configured.CanonicalParameters.Split(';')[0].Split('=')[1], CultureInfo.InvariantCulture);
        Assert.NotEqual(12, layers);
    }
}
