using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Tokens;
using PruneBench.Plugins.Tests.TestSupport;
using Xunit;

namespace PruneBench.Plugins.Tests;

/// <summary>Properties every built-in reducer must have, checked on a dense and a hybrid shape.</summary>
public class ReducerContractTests
{
    public static TheoryData<string, string> MethodsAndShapes()
    {
        var data = new TheoryData<string, string>();
        foreach (var m in TestShapes.MethodNames)
        {
            data.Add(m, TestShapes.Dense.Name);
            data.Add(m, TestShapes.Hybrid.Name);
        }

        return data;
    }

    public static TheoryData<string, string, double> BudgetCases()
    {
        var data = new TheoryData<string, string, double>();
        foreach (var m in new[] { "random", "pool", "fastv", "tome", "stateful" })
        {
            foreach (var shape in new[] { TestShapes.Dense.Name, TestShapes.Hybrid.Name })
            {
                foreach (var budget in new[] { 0.3, 0.5, 0.75 })
                {
                    data.Add(m, shape, budget);
                }
            }
        }

        return data;
    }

    private static DriverRun Run(string method, string shape, string args = "", double? budget = null, int seed = 11)
    {
        var model = TestShapes.ByName(shape);
        var configured = Methods.Create(method).Configure(Methods.Args(args.Length > 0 ? args : Methods.ShallowDefaults(method)), budget, model);
        return new DecisionDriver(model, TestShapes.Video).Run(configured.CreateReducer(TestShapes.Video, seed));
    }

    [Theory]
    [MemberData(nameof(MethodsAndShapes))]
    public void Text_is_untouched_and_visual_tokens_keep_their_order(string method, string shape)
    {
        var run = Run(method, shape);

        var text = DecisionDriver.InitialTokens(TestShapes.Video).Where(t => !t.IsVisual).ToList();
        Assert.Equal(text, run.FinalTokens.Where(t => !t.IsVisual));
        foreach (var survivors in run.SurvivorsPerLayer)
        {
            Assert.True(survivors.Zip(survivors.Skip(1)).All(p => p.First < p.Second), $"{method}: visual order changed");
        }

        // Visual tokens stay one contiguous run between prefix and suffix.
        var kinds = run.FinalTokens.Select(t => t.Kind).ToList();
        var visualCount = kinds.Count(k => k == TokenKind.Visual);
        Assert.All(kinds.Skip(TestShapes.Video.PrefixLength).Take(visualCount), k => Assert.Equal(TokenKind.Visual, k));
        Assert.True(run.VisualPerLayer.Zip(run.VisualPerLayer.Skip(1)).All(p => p.Second <= p.First), $"{method}: visual count grew");
    }

    [Theory]
    [MemberData(nameof(MethodsAndShapes))]
    public void Merges_conserve_the_total_size_of_visual_tokens(string method, string shape)
    {
        var run = Run(method, shape);
        var merged = run.Decisions.Any(d => d.Decision.Kind == DecisionKind.Merge);
        var totalSize = run.FinalTokens.Where(t => t.IsVisual).Sum(t => t.Size);
        if (merged)
        {
            Assert.Equal(TestShapes.Video.VisualCount, totalSize);
        }
        else
        {
            Assert.Equal(run.VisualPerLayer[^1], totalSize);
        }
    }

    [Theory]
    [MemberData(nameof(MethodsAndShapes))]
    public void Same_seed_gives_the_same_decisions(string method, string shape)
    {
        var a = Run(method, shape, seed: 5);
        var b = Run(method, shape, seed: 5);
        Assert.Equal(a.SurvivorsPerLayer, b.SurvivorsPerLayer);
    }

    [Theory]
    [MemberData(nameof(BudgetCases))]
    public void Budget_is_met_within_one_token_per_layer(string method, string shape, double budget)
    {
        var run = Run(method, shape, budget: budget);
        var layers = run.VisualPerLayer.Length;
        var planned = budget * layers * TestShapes.Video.VisualCount;
        var measured = run.VisualPerLayer.Sum();
        Assert.True(Math.Abs(measured - planned) <= layers,
            $"{method} on {shape}: {measured} visual token-layers measured, {planned:F1} planned (ρ = {run.MeanRetention:F4} vs {budget}).");
    }

    [Theory]
    [InlineData("random", "k=3;ratio=0.3")]
    [InlineData("pool", "k=3;ratio=0.3")]
    [InlineData("pool", "k=3;ratio=0.3;axis=temporal")]
    [InlineData("fastv", "k=3;ratio=0.3")]
    public void One_shot_methods_keep_exactly_the_ceiling_of_ratio_times_visual_tokens_from_layer_k(string method, string args)
    {
        var run = Run(method, TestShapes.Dense.Name, args);
        var expected = Enumerable.Range(0, TestShapes.Dense.LayerCount).Select(l => l < 3 ? 128 : 39); // ⌈0.3·128⌉
        Assert.Equal(expected, run.VisualPerLayer);
        Assert.Equal(2, Assert.Single(run.Decisions).Layer);
    }

    [Theory]
    [InlineData("random", "ratio=1")]
    [InlineData("pool", "ratio=1")]
    [InlineData("pool", "ratio=1;axis=temporal")]
    [InlineData("fastv", "ratio=1")]
    [InlineData("tome", "ratio=1")]
    [InlineData("stateful", "p_max=0")]
    [InlineData("none", "")]
    public void Ratio_one_reduces_nothing(string method, string args)
    {
        foreach (var shape in new[] { TestShapes.Dense.Name, TestShapes.Hybrid.Name })
        {
            var run = Run(method, shape, args);
            Assert.Empty(run.Decisions);
            Assert.All(run.VisualPerLayer, v => Assert.Equal(TestShapes.Video.VisualCount, v));
        }
    }

    [Theory]
    [InlineData("fastv", "ratio=1.5", "ratio")]
    [InlineData("random", "bogus=1", "bogus")]
    [InlineData("tome", "layers=abc", "layers")]
    [InlineData("vas", "drop=0", "drop")]
    [InlineData("stateful", "gamma=0", "gamma")]
    [InlineData("pool", "axis=diagonal", "axis")]
    public void Invalid_values_are_usage_errors_naming_method_and_key(string method, string args, string key)
    {
        var e = Assert.Throws<InvalidParameterException>(() => Methods.Create(method).Configure(Methods.Args(args), null, TestShapes.Dense));
        Assert.Contains(method, e.Message, StringComparison.Ordinal);
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("random", "k=99", "k")]
    [InlineData("vas", "end_layer=15", "end_layer")]
    [InlineData("stateful", "schedule=explicit;retention_percent=100,50", "retention_percent")]
    public void Valid_values_this_model_cannot_realise_are_not_applicable_naming_method_and_key(string method, string args, string key)
    {
        var e = Assert.Throws<NotApplicableException>(() => Methods.Create(method).Configure(Methods.Args(args), null, TestShapes.Dense));
        Assert.Contains(method, e.Message, StringComparison.Ordinal);
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.2)]
    public void A_budget_outside_the_unit_interval_breaks_the_precondition_the_host_checks(double budget)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Methods.Create("fastv").Configure(Methods.Args(""), budget, TestShapes.Dense));
    }

    [Fact]
    public void None_never_asks_for_a_signal()
    {
        var reducer = Methods.Create("none").Configure(Methods.Args(""), 0.5, TestShapes.Hybrid).CreateReducer(TestShapes.Video, 1);
        for (var l = -1; l < TestShapes.Hybrid.LayerCount; l++)
        {
            Assert.False(reducer.SignalsAfter(l).IsActive);
        }
    }

    [Theory]
    [InlineData("random", "dense16")]
    [InlineData("pool", "hybrid20")]
    [InlineData("fastv", "dense16")]
    [InlineData("fastv", "hybrid20")]
    [InlineData("vas", "hybrid20")]
    [InlineData("tome", "dense16")]
    [InlineData("tome", "hybrid20")]
    public void Canonical_parameters_round_trip_to_the_same_configuration(string method, string shape)
    {
        // stateful is not listed: its empty int[] knobs print as "auto", which ParameterBinder cannot read back yet.
        var model = TestShapes.ByName(shape);
        var first = Methods.Create(method).Configure(Methods.Args(""), method == "none" ? null : 0.5, model);
        var again = Methods.Create(method).Configure(Methods.Args(first.CanonicalParameters), null, model);
        Assert.Equal(first.CanonicalParameters, again.CanonicalParameters);
    }
}
