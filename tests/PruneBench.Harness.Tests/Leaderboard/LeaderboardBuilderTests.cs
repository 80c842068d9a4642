using PruneBench.Harness.Leaderboard;
using PruneBench.Harness.Results;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Leaderboard;

public sealed class LeaderboardBuilderTests
{
    private static readonly ResultRow[] Board =
    [
        Rows.Ok("base", method: "none", budget: null, accuracy: 0.9, retention: 1.0, speedup: 1),
        Rows.Ok("f5", method: "fastv", budget: 0.5, accuracy: 0.8, retention: 0.5, speedup: 2),
        Rows.Ok("t5", method: "tome", budget: 0.5, accuracy: 0.8, retention: 0.45, speedup: 1.5),
        Rows.Ok("r5", method: "random", budget: 0.5, accuracy: 0.6, retention: 0.5, speedup: 2.1),
        Rows.Ok("f25", method: "fastv", budget: 0.25, accuracy: 0.7, retention: 0.25, speedup: 4),
        Rows.Ok("x", method: "vas", budget: 0.25) with { Status = RunStatus.Failed, Accuracy = null },
    ];

    private static LeaderboardEntry Entry(IReadOnlyList<LeaderboardEntry> board, string method, double? budget) =>
        board.Single(e => e.Method == method && e.Budget == budget);

    /// <summary>Predictions of <paramref name="n"/> samples s0…, those where <paramref name="correct"/> holds answered right.</summary>
    private static IReadOnlyList<PredictionRecord> Samples(string runId, int n, Func<int, bool> correct) =>
        Enumerable.Range(0, n).Select(i => new PredictionRecord(runId, $"s{i}", "t", 0, correct(i) ? 0 : 1, 16, 8, 0.5, null, 1)).ToArray();

    [Fact]
    public void Ranks_tie_settings_whose_paired_difference_is_not_significant()
    {
        // 100 samples. Baseline right on 0..89. fastv right on 0..87 (88 %), tome on 2..89 (88 %), random on 0..59 (60 %).
        ResultRow[] rows =
        [
            Rows.Ok("base", method: "none", budget: null, accuracy: 0.90, samples: 100),
            Rows.Ok("f", method: "fastv", accuracy: 0.88, samples: 100),
            Rows.Ok("t", method: "tome", accuracy: 0.88, samples: 100),
            Rows.Ok("r", method: "random", accuracy: 0.60, samples: 100),
            Rows.Ok("f1", method: "fastv", accuracy: 0.89, samples: 100, budget: 0.25),
        ];
        var predictions = new Dictionary<string, IReadOnlyList<PredictionRecord>>
        {
            ["base"] = Samples("base", 100, i => i < 90),
            ["f"] = Samples("f", 100, i => i < 88),
            ["t"] = Samples("t", 100, i => i is >= 2 and < 90),
            ["r"] = Samples("r", 100, i => i < 60),
            ["f1"] = Samples("f1", 100, i => i < 89),
        };

        var board = LeaderboardBuilder.Build(rows, predictions);

        Assert.Equal((1, 1, 3), (Entry(board, "fastv", 0.5).RankAtBudget, Entry(board, "tome", 0.5).RankAtBudget, Entry(board, "random", 0.5).RankAtBudget));
        Assert.Equal(1, Entry(board, "fastv", 0.25).RankAtBudget);
        Assert.Null(Entry(board, "none", null).RankAtBudget);
        // random vs baseline: 30 lost, 0 gained: p = 2·2⁻³⁰.
        var random = Entry(board, "random", 0.5);
        Assert.Equal((30, 0), (random.LostVsBaseline, random.GainedVsBaseline));
        Assert.Equal(2 * Math.Pow(2, -30), random.PValueVsBaseline!.Value, 15);
        // tome vs baseline: 2 lost (0, 1), 0 gained: p = 0.5.
        Assert.Equal(0.5, Entry(board, "tome", 0.5).PValueVsBaseline!.Value, 12);
    }

    [Fact]
    public void Without_predictions_ranks_tie_on_overlapping_intervals_and_no_paired_test_is_claimed()
    {
        var board = LeaderboardBuilder.Build(Board);

        // n = 10 each: 8/10 and 6/10 have overlapping 95 % intervals.
        Assert.Equal([1, 1, 1], new[] { "fastv", "tome", "random" }.Select(m => Entry(board, m, 0.5).RankAtBudget!.Value));
        Assert.All(board, e => Assert.Null(e.PValueVsBaseline));
        Assert.DoesNotContain(board, e => e.Method == "vas");
    }

    [Fact]
    public void Accuracy_comes_with_n_and_its_wilson_interval()
    {
        var fastv = Entry(LeaderboardBuilder.Build(Board), "fastv", 0.5);

        Assert.Equal((8, 10), (fastv.Correct, fastv.Samples));
        Assert.Equal(0.4902, fastv.AccuracyLow!.Value, 4);
        Assert.Equal(0.9433, fastv.AccuracyHigh!.Value, 4);
    }

    [Fact]
    public void Rows_of_several_tasks_also_get_one_entry_per_task()
    {
        ResultRow[] rows =
        [
            Rows.Ok("b1", method: "none", budget: null, accuracy: 1.0, task: "count"),
            Rows.Ok("b2", method: "none", budget: null, accuracy: 0.8, task: "order"),
            Rows.Ok("f1", accuracy: 0.5, task: "count"),
            Rows.Ok("f2", accuracy: 0.7, task: "order"),
        ];

        var board = LeaderboardBuilder.Build(rows);

        var fastv = board.Where(e => e.Method == "fastv").ToArray();
        Assert.Equal(["all", "count", "order"], fastv.Select(e => e.Task));
        Assert.Equal((0.6, 20), (fastv[0].Accuracy!.Value, fastv[0].Samples));
        Assert.Equal((-0.5, 10), (fastv[1].DeltaVsBaseline!.Value, fastv[1].Samples));
        Assert.All(fastv[1..], e => Assert.Equal((null, false), (e.RankAtBudget, e.ParetoFrontier)));
    }

    [Fact]
    public void Delta_is_against_the_baseline_of_the_same_slices()
    {
        var board = LeaderboardBuilder.Build(Board);

        Assert.Equal(-0.1, Entry(board, "fastv", 0.5).DeltaVsBaseline!.Value, 12);
        Assert.Equal(-0.3, Entry(board, "random", 0.5).DeltaVsBaseline!.Value, 12);
        Assert.Equal(0, Entry(board, "none", null).DeltaVsBaseline!.Value, 12);
    }

    [Fact]
    public void The_pareto_frontier_holds_the_points_no_other_point_dominates()
    {
        var board = LeaderboardBuilder.Build(Board);

        // (retention, accuracy, speedup): base (1, .9, 1), fastv .5 (.5, .8, 2) — faster than tome, so not dominated by it —,
        // tome (.45, .8, 1.5), random (.5, .6, 2.1) dominated by fastv (speed within 5 %), fastv .25 (.25, .7, 4).
        Assert.True(Entry(board, "none", null).ParetoFrontier);
        Assert.True(Entry(board, "tome", 0.5).ParetoFrontier);
        Assert.True(Entry(board, "fastv", 0.25).ParetoFrontier);
        Assert.True(Entry(board, "fastv", 0.5).ParetoFrontier);
        Assert.False(Entry(board, "random", 0.5).ParetoFrontier);
    }

    [Fact]
    public void Rows_of_several_seeds_pool_accuracy_by_samples_and_speedup_geometrically()
    {
        ResultRow[] rows =
        [
            Rows.Ok("b0", method: "none", budget: null, accuracy: 1.0, seed: 0, samples: 10),
            Rows.Ok("b1", method: "none", budget: null, accuracy: 0.5, seed: 1, samples: 30),
            Rows.Ok("f0", accuracy: 0.5, speedup: 2, seed: 0, samples: 10) with { NeedleRecallFinal = 0.5 },
            Rows.Ok("f1", accuracy: 0.3, speedup: 8, seed: 1, samples: 30) with { NeedleRecallFinal = 0.25 },
        ];

        var fastv = Entry(LeaderboardBuilder.Build(rows), "fastv", 0.5);

        Assert.Equal((5 + 9) / 40.0, fastv.Accuracy!.Value, 12);
        Assert.Equal(((5 + 9) / 40.0) - ((1.0 * 10 + 0.5 * 30) / 40), fastv.DeltaVsBaseline!.Value, 12);
        Assert.Equal(4, fastv.SpeedupVsBaseline!.Value, 12);
        Assert.Equal((0.5 * 10 + 0.25 * 30) / 40, fastv.NeedleRecall!.Value, 12);
        Assert.Equal((2, 40), (fastv.Runs, fastv.Samples));
        Assert.Equal(14, fastv.Correct);
    }

    [Fact]
    public void Speed_only_rows_keep_speedup_but_get_no_rank_delta_or_frontier()
    {
        var board = LeaderboardBuilder.Build(Board.Select(r => r with { Accuracy = null }));

        var fastv = Entry(board, "fastv", 0.5);
        Assert.Equal((null, null, null, false, 2.0), (fastv.Accuracy, fastv.RankAtBudget, fastv.DeltaVsBaseline, fastv.ParetoFrontier, fastv.SpeedupVsBaseline!.Value));
        Assert.Equal((null, null), (fastv.AccuracyLow, fastv.PValueVsBaseline));
    }

    [Fact]
    public void The_markdown_has_one_table_per_model_and_benchmark()
    {
        var markdown = LeaderboardWriter.ToMarkdown(LeaderboardBuilder.Build([.. Board, Rows.Ok("o", model: "other")]));

        Assert.Equal(2, markdown.Split("### ").Length - 1);
        Assert.Contains("| 0.5 | 1 | tome | 80.0% [49.0–94.3] | 10 | -10.0 pt | — | — | — | 1.50× | — | 0.450 | ★ |", markdown, StringComparison.Ordinal);
        Assert.EndsWith(LeaderboardWriter.Legend, markdown, StringComparison.Ordinal);
    }
}
