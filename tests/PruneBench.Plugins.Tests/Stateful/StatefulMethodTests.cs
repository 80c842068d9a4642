using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Scoring;
using PruneBench.Abstractions.Signals;
using PruneBench.Plugins.Builtin.Stateful;
using PruneBench.Plugins.Tests.TestSupport;
using Xunit;

namespace PruneBench.Plugins.Tests.Stateful;

public class StatefulMethodTests
{
    [Theory]
    [InlineData("dense16", 0.4)]
    [InlineData("dense16", 0.75)]
    [InlineData("hybrid20", 0.35)]
    [InlineData("hybrid20", 0.5)]
    public void The_default_ramp_solves_p_max_so_that_planned_mean_retention_equals_the_budget(string shape, double budget)
    {
        var model = TestShapes.ByName(shape);
        var configured = new StatefulMethod().Configure(Methods.Args(""), budget, model);
        Assert.Equal("ramp", Canonical.Text(configured, "schedule"));
        Assert.Equal(1, Canonical.Number(configured, "start_layer"));
        var pMax = Canonical.Number(configured, "p_max");
        Assert.InRange(pMax, 0, 1);

        var schedule = StatefulMethod.Schedule(Resolved(configured), model.LayerCount);
        Assert.Equal(budget, schedule.Mean, 9);

        // Low-to-high: layer 0 sees every token, then the fraction dropped per layer grows with depth.
        Assert.Equal(1, schedule[0]);
        Assert.True(schedule[1] < 1);
        var fractions = Enumerable.Range(1, model.LayerCount - 1).Select(l => 1 - schedule[l] / schedule[l - 1]).ToList();
        Assert.True(fractions.Zip(fractions.Skip(1)).All(p => p.Second >= p.First - 1e-12));
    }

    [Fact]
    public void On_sixty_two_layers_at_a_quarter_the_ramp_is_gentle_early_and_strong_late_as_the_spec_example_says()
    {
        var model = new ModelShape("nemotron62", ModelFamily.Hybrid, Enumerable.Repeat(LayerKind.Mamba, 62).ToArray(), 64, 4, 2, 16);
        var configured = new StatefulMethod().Configure(Methods.Args(""), 0.25, model);
        var schedule = StatefulMethod.Schedule(Resolved(configured), 62);

        // METHODS.md: p_max ≈ 0.38; retention ≈ 0.99 after layer 1, 0.88 after 6, 0.65 after 11, 0.25 after 20,
        // ≈ 0 past 45 (layer ℓ's own drop counted: the tokens layer ℓ + 1 receives).
        Assert.InRange(Canonical.Number(configured, "p_max"), 0.37, 0.39);
        Assert.InRange(schedule[1], 0.99 - 0.01, 0.99 + 0.01);
        Assert.InRange(schedule[6], 0.88 - 0.01, 0.88 + 0.01);
        Assert.InRange(schedule[11], 0.65 - 0.01, 0.65 + 0.01);
        Assert.InRange(schedule[20], 0.25 - 0.01, 0.25 + 0.01);
        Assert.True(schedule[46] < 0.005);
    }

    [Fact]
    public void Geometric_drops_the_same_fraction_after_every_layer_from_the_start_layer()
    {
        var model = TestShapes.Dense;
        var configured = new StatefulMethod().Configure(Methods.Args("schedule=geometric;start_layer=3"), 0.4, model);
        var schedule = StatefulMethod.Schedule(Resolved(configured), model.LayerCount);

        Assert.Equal(0.4, schedule.Mean, 9);
        Assert.Equal(1, schedule[2]);
        var p = Canonical.Number(configured, "p_max");
        for (var l = 3; l < model.LayerCount; l++)
        {
            Assert.Equal(1 - p, schedule[l] / schedule[l - 1], 9);
        }
    }

    [Theory]
    [InlineData("schedule=power", 0.25, "reachable [0.")]
    [InlineData("schedule=ramp", 0.25, "reachable [0.284, 1]")]
    [InlineData("schedule=geometric;start_layer=12", 0.5, "reachable [0.75, 1]")]
    public void A_budget_a_schedule_cannot_reach_is_not_applicable_and_names_the_reachable_range(string args, double budget, string range)
    {
        var e = Assert.Throws<NotApplicableException>(() => new StatefulMethod().Configure(Methods.Args(args), budget, TestShapes.Dense));
        Assert.Contains(range, e.Message, StringComparison.Ordinal);
        Assert.Contains("dense16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Power_solves_r_min_with_the_users_gamma_and_never_lowers_gamma_below_one()
    {
        var model = TestShapes.Hybrid;
        var configured = new StatefulMethod().Configure(Methods.Args("schedule=power;gamma=2"), 0.8, model);
        Assert.Equal(2.0, Canonical.Number(configured, "gamma"));
        var schedule = StatefulMethod.Schedule(Resolved(configured), model.LayerCount);
        Assert.Equal(0.8, schedule.Mean, 9);
        Assert.Equal(Canonical.Number(configured, "r_min"), schedule[model.LayerCount - 1], 12);
        Assert.Equal(1, schedule[0]);

        Assert.Throws<InvalidParameterException>(() => new StatefulMethod().Configure(Methods.Args("schedule=power;gamma=0.5"), 0.8, model));
    }

    [Fact]
    public void The_default_start_is_layer_one_on_every_family()
    {
        Assert.Equal(1, Canonical.Number(new StatefulMethod().Configure(Methods.Args(""), 0.5, TestShapes.Hybrid), "start_layer"));
        Assert.Equal(1, Canonical.Number(new StatefulMethod().Configure(Methods.Args(""), 0.5, TestShapes.Dense), "start_layer"));
    }

    [Fact]
    public void Counts_follow_the_schedule_at_every_layer()
    {
        var model = TestShapes.Hybrid;
        var configured = new StatefulMethod().Configure(Methods.Args(""), 0.4, model);
        var schedule = StatefulMethod.Schedule(Resolved(configured), model.LayerCount);
        var run = new DecisionDriver(model, TestShapes.Video).Run(configured.CreateReducer(TestShapes.Video, 1));
        for (var l = 0; l < model.LayerCount; l++)
        {
            Assert.Equal(schedule.Count(l, TestShapes.Video.VisualCount), run.VisualPerLayer[l]);
        }

        // Everything enters layer 0; from ℓ₀ = 1 on every layer sees fewer tokens.
        Assert.Equal(TestShapes.Video.VisualCount, run.VisualPerLayer[0]);
        Assert.True(run.VisualPerLayer[2] < TestShapes.Video.VisualCount);
    }

    [Fact]
    public void Mlp_layers_reuse_the_last_score_and_mamba_layers_ask_for_nodecay_implicit_attention()
    {
        var model = TestShapes.Hybrid;
        var pruner = Assert.IsType<ScorePruner>(new StatefulMethod().Configure(Methods.Args(""), 0.4, model).CreateReducer(TestShapes.Video, 1));

        // A step after every layer from ℓ₀ − 1 = 0 on: each layer's own score, none after an MLP layer (the running
        // score carries over), and every one drops.
        for (var l = 0; l < model.LayerCount - 1; l++)
        {
            var step = pruner.StepAfter(l)!;
            Assert.Equal(model.Layers[l] switch
            {
                LayerKind.Attention => ScoreSignal.QueryAttention,
                LayerKind.Mamba => ScoreSignal.ImplicitAttention,
                _ => ScoreSignal.Previous,
            }, step.Score.Signal);
            Assert.Equal(ImplicitVariant.NoDecay, step.Score.Implicit);
            Assert.Equal(QuerySelection.SuffixText, step.Score.Queries);
            Assert.True(step.Keep < TestShapes.Video.VisualCount);
        }

        Assert.Null(pruner.StepAfter(-1));
        var run = new DecisionDriver(model, TestShapes.Video).Run(pruner);
        Assert.Contains(run.Decisions, d => model.Layers[d.Layer] == LayerKind.Mlp);
    }

    [Fact]
    public void Step_schedule_drops_at_attention_layers_and_meets_the_budget()
    {
        var model = TestShapes.Hybrid;
        var configured = new StatefulMethod().Configure(Methods.Args("schedule=step;start_layer=2"), 0.5, model);
        var run = new DecisionDriver(model, TestShapes.Video).Run(configured.CreateReducer(TestShapes.Video, 1));
        Assert.Equal("2,7,12,17", run.ReducedAfter);
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

        Assert.Throws<InvalidParameterException>(() =>
            new StatefulMethod().Configure(Methods.Args("schedule=explicit;retention_percent=" + percent), 0.5, model));
    }

    [Fact]
    public void With_beta_zero_the_kept_tokens_are_the_top_of_the_current_layer()
    {
        var model = TestShapes.Dense;
        var reducer = new StatefulMethod().Configure(Methods.Args("schedule=power;r_min=0.5;start_layer=1"), null, model).CreateReducer(TestShapes.Video, 1);
        var tokens = DecisionDriver.InitialTokens(TestShapes.Video);
        var scores = Enumerable.Range(0, 128).Select(i => (float)((i * 37) % 128)).ToArray();
        var decision = reducer.Decide(Observations.WithScores(0, tokens, scores));

        var expected = Enumerable.Range(0, 128).OrderByDescending(i => scores[i]).Take(decision.Kept.Count).Order();
        Assert.Equal(expected, decision.Kept);
    }

    /// <summary>The resolved parameters, read back from the canonical string through the method's own binder.</summary>
    private static StatefulParameters Resolved(PruneBench.Abstractions.Methods.IConfiguredMethod configured) =>
        new ParameterBinder<StatefulParameters>("stateful").Bind(ParameterText.ParsePairs(configured.CanonicalParameters, "stateful")).Values;
}
