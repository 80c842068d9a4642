using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Parameters;
using PruneBench.Plugins.Builtin.Vas;
using PruneBench.Plugins.Tests.TestSupport;
using Xunit;

namespace PruneBench.Plugins.Tests.Vas;

public class VasMethodTests
{
    [Fact]
    public void End_layer_defaults_to_four_before_the_last()
    {
        var configured = new VasMethod().Configure(Methods.Args(""), null, TestShapes.Dense);
        Assert.Contains("end_layer=12", configured.CanonicalParameters, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_end_layer_on_a_shallow_model_is_named_in_the_error()
    {
        var shallow = TestShapes.Dense with { Name = "dense4", Layers = Enumerable.Repeat(LayerKind.Attention, 4).ToArray() };
        var e = Assert.Throws<NotApplicableException>(() => new VasMethod().Configure(Methods.Args(""), 0.75, shallow));
        Assert.Contains("default end_layer is L−4 = 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("dense4", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dense16", 0.35)]
    [InlineData("dense16", 0.6)]
    [InlineData("hybrid20", 0.4)]
    public void Budget_maps_through_the_guaranteed_drops_so_retention_stays_at_most_the_budget(string shape, double budget)
    {
        var model = TestShapes.ByName(shape);
        var configured = new VasMethod().Configure(Methods.Args(""), budget, model);
        var run = new DecisionDriver(model, TestShapes.Video).Run(configured.CreateReducer(TestShapes.Video, 1));

        // Whole frames or positions are dropped, so each drop rounds to a group: allow 5% for that rounding.
        Assert.InRange(run.MeanRetention, 0, budget + 0.05);
    }
}
