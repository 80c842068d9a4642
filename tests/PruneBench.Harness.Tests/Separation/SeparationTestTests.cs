using PruneBench.Harness.Results;
using PruneBench.Harness.Separation;
using PruneBench.Harness.Tests.Infrastructure;
using PruneBench.Harness.Usage;
using Xunit;

namespace PruneBench.Harness.Tests.Separation;

public sealed class SeparationTestTests
{
    private const int N = 20;

    /// <summary>Predictions of samples s0…s19; those where <paramref name="correct"/> holds answered right.</summary>
    private static IReadOnlyList<PredictionRecord> Samples(string runId, Func<int, bool> correct) =>
        Enumerable.Range(0, N).Select(i => new PredictionRecord(runId, $"s{i}", "t", 0, correct(i) ? 0 : 1, 16, 4, 0.25, null, 1)).ToArray();

    private static (ResultRow[] Rows, Dictionary<string, IReadOnlyList<PredictionRecord>> Predictions) Board(params (string Method, double? Budget, Func<int, bool> Correct)[] runs)
    {
        var rows = runs.Select(r => Rows.Ok(r.Method + r.Budget, method: r.Method, budget: r.Budget,
            accuracy: Enumerable.Range(0, N).Count(r.Correct) / (double)N, samples: N)).ToArray();
        var predictions = runs.ToDictionary(r => r.Method + r.Budget, r => Samples(r.Method + r.Budget, r.Correct));
        return (rows, predictions);
    }

    [Fact]
    public void The_three_conditions_follow_hand_computed_exact_p_values()
    {
        // Baseline right on all 20. random right on s0–s11: 8 lost, 0 gained, p = 2·2⁻⁸ = 0.0078 < 0.01.
        // fastv wrong on s19 only: vs random 0 lost / 7 gained, p = 2·2⁻⁷ = 0.0156, not < 0.01.
        // stateful right on all: vs random 0 / 8, p = 0.0078: above random. pool right on s0–s9: spread 100 − 50 = 50 points.
        var (rows, predictions) = Board(
            ("none", null, _ => true),
            ("random", 0.25, i => i < 12),
            ("fastv", 0.25, i => i < 19),
            ("stateful", 0.25, _ => true),
            ("pool", 0.25, i => i < 10),
            ("fastv", 0.5, _ => false));

        var verdict = Assert.Single(SeparationTest.Evaluate(rows, predictions, new SeparationCriteria()));

        var random = verdict.Methods.Single(m => m.Method == "random");
        Assert.Equal((8, 0), (random.VsBaseline!.Pairs.OnlyFirstRight, random.VsBaseline.Pairs.OnlySecondRight));
        Assert.Equal(2 * Math.Pow(2, -8), random.VsBaseline.PValue, 12);
        Assert.Null(random.VsRandom);
        Assert.Equal(2 * Math.Pow(2, -7), verdict.Methods.Single(m => m.Method == "fastv").VsRandom!.PValue, 12);
        Assert.Equal(2 * Math.Pow(2, -8), verdict.Methods.Single(m => m.Method == "stateful").VsRandom!.PValue, 12);
        // pool vs random: random alone right on s10, s11: p = 2·P(X ≤ 0 | n = 2) = 0.5.
        Assert.Equal(0.5, verdict.Methods.Single(m => m.Method == "pool").VsRandom!.PValue, 12);
        Assert.True(verdict.RandomBelowBaseline);
        Assert.Equal(["stateful"], verdict.QueryAwareAboveRandom);
        Assert.Equal(0.5, verdict.Spread, 12);
        Assert.True(verdict.SpreadHolds);
        Assert.True(verdict.Holds);
        Assert.Equal(["stateful", "fastv", "random", "pool"], verdict.Methods.Select(m => m.Method));
        // Wilson 95 % of 12/20: [0.3866, 0.7812].
        Assert.Equal(0.3866, random.Interval.Low, 4);
        Assert.Equal(0.7812, random.Interval.High, 4);
    }

    [Fact]
    public void Seven_discordant_samples_are_not_enough_at_the_one_percent_level_and_a_small_spread_fails()
    {
        // random right on s0–s12: 7 lost, p = 0.0156. fastv right on all: 0 / 7 vs random, p = 0.0156. Spread 35 points.
        var (rows, predictions) = Board(("none", null, _ => true), ("random", 0.25, i => i < 13), ("fastv", 0.25, _ => true));

        var verdict = Assert.Single(SeparationTest.Evaluate(rows, predictions, new SeparationCriteria(MinSpread: 0.40)));

        Assert.False(verdict.RandomBelowBaseline);
        Assert.Empty(verdict.QueryAwareAboveRandom);
        Assert.False(verdict.SpreadHolds);
        Assert.False(verdict.Holds);
        Assert.True(SeparationTest.Evaluate(rows, predictions, new SeparationCriteria(Alpha: 0.05)).Single().RandomBelowBaseline);
    }

    [Fact]
    public void A_query_aware_method_significantly_below_random_does_not_count_as_above_it()
    {
        var (rows, predictions) = Board(("none", null, _ => true), ("random", 0.25, _ => true), ("vas", 0.25, _ => false));

        var verdict = Assert.Single(SeparationTest.Evaluate(rows, predictions, new SeparationCriteria()));

        var vas = verdict.Methods.Single(m => m.Method == "vas");
        Assert.Equal(2 * Math.Pow(2, -20), vas.VsRandom!.PValue, 15);
        Assert.Empty(verdict.QueryAwareAboveRandom);
    }

    [Fact]
    public void Without_predictions_or_a_random_run_the_conditions_fail_and_say_why()
    {
        var (rows, _) = Board(("none", null, _ => true), ("fastv", 0.25, _ => true));
        var skipped = Rows.Ok("v", method: "vas", budget: 0.25) with { Status = RunStatus.Skipped, Accuracy = null, Error = "needs more layers" };

        var verdict = Assert.Single(SeparationTest.Evaluate([.. rows, skipped], new Dictionary<string, IReadOnlyList<PredictionRecord>>(), new SeparationCriteria()));

        Assert.False(verdict.Holds);
        Assert.Null(verdict.Methods.Single().VsBaseline);
        Assert.Contains(verdict.Problems, p => p.Contains("no per-sample predictions", StringComparison.Ordinal));
        Assert.Contains(verdict.Problems, p => p.Contains("no 'random' run at budget 0.25", StringComparison.Ordinal));
        Assert.Contains(verdict.Problems, p => p.Contains("vas skipped on task t: needs more layers", StringComparison.Ordinal));
        Assert.Contains("The methods do not separate", SeparationWriter.ToMarkdown([verdict], new SeparationCriteria()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, 0.01, 0.1, "--budget")]
    [InlineData(0.25, 1.0, 0.1, "--alpha")]
    [InlineData(0.25, 0.01, 2.0, "--min-spread")]
    public void Criteria_out_of_range_are_usage_errors_naming_the_option(double budget, double alpha, double spread, string option)
    {
        var e = Assert.Throws<UsageException>(() => SeparationService.Run(["nowhere"], new SeparationCriteria(budget, alpha, spread), null, TextWriter.Null));
        Assert.StartsWith(option, e.Message, StringComparison.Ordinal);
    }
}
