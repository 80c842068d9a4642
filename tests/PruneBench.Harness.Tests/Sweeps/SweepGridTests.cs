using PruneBench.Harness.Runs;
using PruneBench.Harness.Sweeps;
using Xunit;

namespace PruneBench.Harness.Tests.Sweeps;

public sealed class SweepGridTests
{
    private static SweepSpec Spec(IReadOnlyList<MethodAxis> methods, IReadOnlyList<double> budgets, IReadOnlyList<int>? seeds = null) => new(
        ["m1", "m2"],
        [new BenchmarkAxis("b", ["t1", "t2"], [8], [16], 4)],
        methods,
        budgets,
        seeds ?? [0]);

    [Fact]
    public void The_grid_is_models_by_slices_by_seeds_each_with_its_baseline_first()
    {
        var runs = SweepGrid.Expand(Spec([new MethodAxis("fastv", []), new MethodAxis("tome", [])], [0.25, 0.5], [0, 1]));

        // 2 models × 2 tasks × 2 seeds = 8 slices, each: baseline + 2 methods × 2 budgets.
        Assert.Equal(8 * 5, runs.Count);
        Assert.All(runs.Chunk(5), slice =>
        {
            Assert.True(slice[0].IsBaseline);
            Assert.All(slice[1..], r => Assert.Equal(slice[0].RunId, r.Baseline.RunId));
        });
        Assert.Equal(runs.Count, runs.Select(r => r.RunId).Distinct().Count());
    }

    [Fact]
    public void Parameter_lists_expand_to_their_cartesian_product()
    {
        var axis = new MethodAxis("random", [new("k", ["0", "2"]), new("ratio", ["0.25", "0.5", "0.75"])]);

        var runs = SweepGrid.Expand(Spec([axis], []));

        var perSlice = runs.Where(r => r is { Model: "m1", Task: "t1" }).ToArray();
        Assert.Equal(1 + 6, perSlice.Length);
        Assert.Contains(perSlice, r => r.MethodArguments == "k=2;ratio=0.25" && r.Budget is null);
    }

    [Fact]
    public void The_baseline_listed_as_a_method_is_not_run_twice_and_ignores_budgets()
    {
        var runs = SweepGrid.Expand(Spec([new MethodAxis("none", []), new MethodAxis("fastv", [])], [0.5, 0.75]));

        Assert.Equal(4 * 3, runs.Count);
        Assert.Equal(4, runs.Count(r => r.Method == "none"));
    }

    [Fact]
    public void The_run_id_is_stable_and_changes_with_every_identity_field()
    {
        var run = new RunConfiguration("m", "b", "t", 8, 16, 4, 0, "fastv", "k=2", 0.5);

        // Fixed value: a change here means every existing results file would be rerun on resume.
        Assert.Equal(run.RunId, new RunConfiguration("m", "b", "t", 8, 16, 4, 0, "fastv", "k=2", 0.5).RunId);
        Assert.Matches("^[0-9a-f]{16}$", run.RunId);
        RunConfiguration[] variants =
        [
            run with { Model = "m2" }, run with { Benchmark = "b2" }, run with { Task = "t2" }, run with { Frames = 9 },
            run with { TokensPerFrame = 17 }, run with { Samples = 5 }, run with { Seed = 1 }, run with { Method = "tome" },
            run with { MethodArguments = "k=3" }, run with { Budget = 0.25 }, run with { Budget = null },
        ];
        Assert.Equal(variants.Length + 1, variants.Select(v => v.RunId).Append(run.RunId).Distinct().Count());
    }

    [Fact]
    public void User_arguments_are_canonical_whatever_their_order_and_case()
    {
        Assert.Equal("k=2;ratio=0.5", RunConfiguration.CanonicalArguments([new("Ratio", "0.5"), new("k", " 2")]));
    }

    [Fact]
    public void A_budget_that_is_not_a_number_is_rejected_by_name()
    {
        var e = Assert.Throws<FormatException>(() => SweepGrid.ParseBudgets(["0.25,half"]));

        Assert.Equal("Budget 'half' is not a number.", e.Message);
    }
}
