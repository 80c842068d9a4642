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

    [Fact]
    public void Ranks_are_per_budget_by_accuracy_and_ties_share_a_rank()
    {
        var board = LeaderboardBuilder.Build(Board);

        Assert.Equal(1, Entry(board, "fastv", 0.5).RankAtBudget);
        Assert.Equal(1, Entry(board, "tome", 0.5).RankAtBudget);
        Assert.Equal(3, Entry(board, "random", 0.5).RankAtBudget);
        Assert.Equal(1, Entry(board, "fastv", 0.25).RankAtBudget);
        Assert.Null(Entry(board, "none", null).RankAtBudget);
        Assert.DoesNotContain(board, e => e.Method == "vas");
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

        // (retention, accuracy): base (1, .9), fastv .5 (.5, .8) dominated by tome (.45, .8), random (.5, .6), fastv .25 (.25, .7).
        Assert.True(Entry(board, "none", null).ParetoFrontier);
        Assert.True(Entry(board, "tome", 0.5).ParetoFrontier);
        Assert.True(Entry(board, "fastv", 0.25).ParetoFrontier);
        Assert.False(Entry(board, "fastv", 0.5).ParetoFrontier);
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
            Rows.Ok("f1", accuracy: 0.25, speedup: 8, seed: 1, samples: 30) with { NeedleRecallFinal = 0.25 },
        ];

        var fastv = Entry(LeaderboardBuilder.Build(rows), "fastv", 0.5);

        Assert.Equal((0.5 * 10 + 0.25 * 30) / 40, fastv.Accuracy!.Value, 12);
        Assert.Equal(((0.5 * 10 + 0.25 * 30) / 40) - ((1.0 * 10 + 0.5 * 30) / 40), fastv.DeltaVsBaseline!.Value, 12);
        Assert.Equal(4, fastv.SpeedupVsBaseline!.Value, 12);
        Assert.Equal((0.5 * 10 + 0.25 * 30) / 40, fastv.NeedleRecall!.Value, 12);
        Assert.Equal((2, 40), (fastv.Runs, fastv.Samples));
    }

    [Fact]
    public void Speed_only_rows_keep_speedup_but_get_no_rank_delta_or_frontier()
    {
        var board = LeaderboardBuilder.Build(Board.Select(r => r with { Accuracy = null }));

        var fastv = Entry(board, "fastv", 0.5);
        Assert.Equal((null, null, null, false, 2.0), (fastv.Accuracy, fastv.RankAtBudget, fastv.DeltaVsBaseline, fastv.ParetoFrontier, fastv.SpeedupVsBaseline!.Value));
    }

    [Fact]
    public void The_markdown_has_one_table_per_model_and_benchmark()
    {
        var markdown = LeaderboardWriter.ToMarkdown(LeaderboardBuilder.Build([.. Board, Rows.Ok("o", model: "other")]));

        Assert.Equal(2, markdown.Split("### ").Length - 1);
        Assert.Contains("| 0.5 | 1 | tome | 80.0% | -10.0 pt | 1.50× | — | 0.450 | ★ |", markdown, StringComparison.Ordinal);
    }
}
