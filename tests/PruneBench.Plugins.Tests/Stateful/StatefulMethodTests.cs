using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Signals;
using PruneBench.Plugins.Builtin.Stateful;
using PruneBench.Plugins.Tests.TestSupport;
using Xunit;

namespace PruneBench.Plugins.Tests.Stateful;

public class StatefulMethodTests
{
    [Theory]
    [InlineData("dense16", 0.75)]
    [InlineData("dense16", 0.9)]
    [InlineData("hybrid20", 0.8)]
    public void R_min_is_solved_so_that_planned_mean_retention_equals_the_budget(string shape, double budget)
    {
        var model = TestShapes.ByName(shape);
        var configured = new StatefulMethod().Configure(Methods.Args(""), budget, model);
        var rMin = Canonical.Number(configured, "r_min");
        var start = (int)Canonical.Number(configured, "start_layer");

        Assert.Equal(2.0, Canonical.Number(configured, "gamma"));
        Assert.InRange(rMin, 0, 1);
        var schedule = StatefulMethod.PowerSchedule(start, 2, rMin, model.LayerCount);
        Assert.Equal(budget, schedule.Mean, 9);
        Assert.Equal(rMin, schedule[model.LayerCount - 1], 12);

        // Low-to-high: the retention lost per layer never shrinks with depth (γ > 1).
        var drops = Enumerable.Range(start + 1, model.LayerCount - start - 1).Select(l => schedule[l - 1] - schedule[l]).ToList();
        Assert.True(drops.Zip(drops.Skip(1)).All(p => p.Second >= p.First - 1e-12));
    }

    [Theory]
    [InlineData("dense16", 0.25)]
    [InlineData("hybrid20", 0.25)]
    [InlineData("hybrid20", 0.5)]
    public void Budgets_below_the_reach_of_gamma_two_lower_gamma_keeping_a_floor_of_a_fifth_of_the_budget(string shape, double budget)
    {
        var model = TestShapes.ByName(shape);
        var configured = new StatefulMethod().Configure(Methods.Args(""), budget, model);
        var gamma = Canonical.Number(configured, "gamma");
        var rMin = Canonical.Number(configured, "r_min");

        Assert.Equal(budget / 5, rMin, 12);
        Assert.InRange(gamma, 1e-3, 2);
        var start = (int)Canonical.Number(configured, "start_layer");
        Assert.Equal(budget, StatefulMethod.PowerSchedule(start, gamma, rMin, model.LayerCount).Mean, 9);

        // A user-fixed γ is never changed: the budget is then out of reach.
        Assert.Throws<PruneBench.Abstractions.Parameters.ParameterException>(() =>
            new StatefulMethod().Configure(Methods.Args("gamma=2"), budget, model));
    }

    [Fact]
    public void Default_start_is_the_first_attention_layer_on_a_hybrid_and_ten_percent_on_a_transformer()
    {
        Assert.Equal(2, Canonical.Number(new StatefulMethod().Configure(Methods.Args(""), null, TestShapes.Hybrid), "start_layer"));
        Assert.Equal(2, Canonical.Number(new StatefulMethod().Configure(Methods.Args(""), null, TestShapes.Dense), "start_layer"));
    }

    [Fact]
    public void Counts_follow_the_schedule_at_every_layer()
    {
        var model = TestShapes.Hybrid;
        var configured = new StatefulMethod().Configure(Methods.Args(""), 0.3, model);
        var schedule = StatefulMethod.PowerSchedule(2, Canonical.Number(configured, "gamma"), Canonical.Number(configured, "r_min"), model.LayerCount);
        var run = new DecisionDriver(model, TestShapes.Video).Run(configured.CreateReducer(TestShapes.Video, 1));
        for (var l = 0; l < model.LayerCount; l++)
        {
            Assert.Equal(schedule.Count(l, TestShapes.Video.VisualCount), run.VisualPerLayer[l]);
        }

        // Everything enters layers ≤ ℓ₀; every later layer sees fewer tokens.
        Assert.Equal(TestShapes.Video.VisualCount, run.VisualPerLayer[2]);
        Assert.True(run.VisualPerLayer[3] < TestShapes.Video.VisualCount);
    }

    [Fact]
    public void Mlp_layers_reuse_the_last_score_and_mamba_layers_ask_for_nodecay_implicit_attention()
    {
        var model = TestShapes.Hybrid;
        var reducer = new StatefulMethod().Configure(Methods.Args(""), 0.3, model).CreateReducer(TestShapes.Video, 1);

        for (var l = 0; l < model.LayerCount - 1; l++)
        {
            var request = reducer.SignalsAfter(l);
            if (l < 2)
            {
                Assert.False(request.IsActive);
                continue;
            }

            // Decisions happen after every layer from ℓ₀ on; on an MLP layer the score comes from the layer before
            // (the driver delivers none there), which is requested too.
            Assert.True(request.IsActive);
            Assert.Equal(SignalKinds.Score, request.Kinds);
            Assert.Equal(ImplicitVariant.NoDecay, request.Implicit);
            Assert.Equal(QuerySelection.SuffixText, request.Queries);
        }

        var run = new DecisionDriver(model, TestShapes.Video).Run(new StatefulMethod().Configure(Methods.Args(""), 0.3, model).CreateReducer(TestShapes.Video, 1));
        Assert.Contains(run.Decisions, d => model.Layers[d.Layer] == LayerKind.Mlp);
    }

    [Fact]
    public void Step_schedule_drops_at_attention_layers_and_meets_the_budget()
    {
        var model = TestShapes.Hybrid;
        var configured = new StatefulMethod().Configure(Methods.Args("schedule=step"), 0.5, model);
        Assert.Equal("2,7,12,17", configured.ReduceLayers);
        var run = new DecisionDriver(model, TestShapes.Video).Run(configured.CreateReducer(TestShapes.Video, 1));
        Assert.InRange(run.VisualPerLayer.Sum() - 0.5 * model.LayerCount * TestShapes.Video.VisualCount, -model.LayerCount, model.LayerCount);
    }

    [Fact]
    public void Explicit_schedule_is_followed_and_refuses_a_budget()
    {
        var model = TestShapes.Dense;
        const string percent = "100,100,100,90,90,80,80,70,60,50,40,30,30,20,20,10";
        var configured = new StatefulMethod().Configure(Methods.Args("schedule=explicit;retention_percent=" + percent), null, model);
        var run = new DecisionDriver(model, TestShapes.Video).Run(configured.CreateReducer(TestShapes.Video, 1));
        var expected = percent.Split(',').Select(p => (int)Math.Ceiling(int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) / 100.0 * 128 - 1e-9));
        Assert.Equal(expected, run.VisualPerLayer);

        Assert.Throws<PruneBench.Abstractions.Parameters.ParameterException>(() =>
            new StatefulMethod().Configure(Methods.Args("schedule=explicit;retention_percent=" + percent), 0.5, model));
    }

    [Fact]
    public void With_beta_zero_the_kept_tokens_are_the_top_of_the_current_layer()
    {
        var model = TestShapes.Dense;
        var reducer = new StatefulMethod().Configure(Methods.Args("r_min=0.5;start_layer=0"), null, model).CreateReducer(TestShapes.Video, 1);
        var tokens = DecisionDriver.InitialTokens(TestShapes.Video);
        var scores = Enumerable.Range(0, 128).Select(i => (float)((i * 37) % 128)).ToArray();
        var decision = reducer.Decide(Observations.WithScores(0, tokens, scores));

        var expected = Enumerable.Range(0, 128).OrderByDescending(i => scores[i]).Take(decision.Kept.Count).Order();
        Assert.Equal(expected, decision.Kept);
    }
}
