using PruneBench.Abstractions.Parameters;
using PruneBench.Core.Backends;
using PruneBench.Core.Engine;
using PruneBench.Harness.Devices;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Progress;
using PruneBench.Harness.Results;
using PruneBench.Harness.Runs;
using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Sweeps;

public sealed class SweepRunnerTests
{
    private static readonly RunEnvironment Environment = new("abc", "cpu", "cpu", "", "fp32", "", "", "");

    /// <summary>Outcomes by method: a fixed prediction per sample and prefill time, or an exception.</summary>
    private sealed class ScriptedExecutor : IRunExecutor
    {
        public List<RunConfiguration> Executed { get; } = [];

        public RunMeasurement Execute(RunConfiguration run)
        {
            Executed.Add(run);
            var (prediction, ms) = run.Method switch
            {
                "none" => (1, 40.0),
                "fastv" => (run.Budget < 0.3 ? 0 : 1, 10.0),
                "oom" => throw new DeviceOutOfMemoryException("needed 80 GiB, 2 GiB free"),
                _ => throw new InvalidParameterException($"{run.Method}: unknown parameter 'x'."),
            };
            var metrics = new RunMetrics([10, 10], [8, 4], 8, 4, 0.5, 0.75, 2e9, 1 << 20, 0, ms, 0.5, 3 << 20);
            return new RunMeasurement("transformer", run.MethodArguments, "2", true,
                Enumerable.Range(0, 4).Select(i => new SampleOutcome($"s{i}", "t", 1, prediction, 0.5, metrics)).ToArray());
        }
    }

    private static IReadOnlyList<RunConfiguration> Grid(params string[] methods) => SweepGrid.Expand(new SweepSpec(
        ["m"], [new BenchmarkAxis("b", ["t"], [8], [16], 4)], methods.Select(m => new MethodAxis(m, [])).ToArray(), [0.25, 0.5], [0]));

    private static SweepSummary Run(TempFolder temp, IRunExecutor executor, IReadOnlyList<RunConfiguration> runs, Func<DateTime>? clock = null)
    {
        var csv = ResultsCsvFile.OpenForAppend(temp.File("results.csv"));
        var predictions = PredictionsFile.OpenForAppend(temp.File("results.predictions.jsonl"), csv.Rows.Select(r => r.RunId).ToHashSet());
        return new SweepRunner(executor, new QuietProgressReporter(TextWriter.Null), Environment, clock ?? (() => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)))
            .Run(runs, csv, predictions);
    }

    /// <summary>Fails every run of <c>fastv</c> until <see cref="Fixed"/> is set; then behaves like <see cref="ScriptedExecutor"/>.</summary>
    private sealed class FlakyExecutor : IRunExecutor
    {
        private readonly ScriptedExecutor _inner = new();

        public bool Fixed { get; set; }

        public RunMeasurement Execute(RunConfiguration run) =>
            run.Method == "fastv" && !Fixed ? throw new InvalidOperationException("CUDA driver crashed") : _inner.Execute(run);
    }

    [Fact]
    public void A_failed_run_is_run_again_on_resume_and_its_row_replaced()
    {
        using var temp = new TempFolder();
        var executor = new FlakyExecutor();
        var first = Run(temp, executor, Grid("fastv"));
        executor.Fixed = true;

        var second = Run(temp, executor, Grid("fastv"));

        Assert.Equal(new SweepSummary(3, 0, 1, 2, 0), first);
        Assert.Equal(new SweepSummary(3, 1, 2, 0, 0, Retried: 2), second);
        Assert.Equal("3 runs: 2 ok, 0 failed, 0 skipped, 1 already done, 2 failed before and run again.", second.ToString());
        var rows = ResultsCsvFile.Read(temp.File("results.csv"));
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(RunStatus.Ok, r.Status));
        Assert.Equal(rows.Count, rows.Select(r => r.RunId).Distinct().Count());
        Assert.Equal(12, File.ReadAllLines(temp.File("results.predictions.jsonl")).Length);
    }

    [Fact]
    public void The_timestamp_is_when_the_run_ended()
    {
        using var temp = new TempFolder();
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var executor = new ClockExecutor(() => now = now.AddMinutes(5));

        Run(temp, executor, Grid("fastv").Take(1).ToArray(), () => now);

        Assert.Equal("2026-01-01T00:05:00.000Z", ResultsCsvFile.Read(temp.File("results.csv")).Single().TimestampUtc);
    }

    /// <summary>A run that takes time: advances the test's clock while it executes.</summary>
    private sealed class ClockExecutor(Action elapse) : IRunExecutor
    {
        public RunMeasurement Execute(RunConfiguration run)
        {
            elapse();
            return new ScriptedExecutor().Execute(run);
        }
    }

    [Fact]
    public void A_throwing_method_gives_a_failed_row_out_of_memory_a_skipped_row_and_the_sweep_goes_on()
    {
        using var temp = new TempFolder();
        var executor = new ScriptedExecutor();

        var summary = Run(temp, executor, Grid("broken", "oom", "fastv"));

        Assert.Equal(new SweepSummary(7, 0, 3, 2, 2), summary);
        var rows = ResultsCsvFile.Read(temp.File("results.csv"));
        Assert.Equal(7, rows.Count);
        var failed = rows.First(r => r.Method == "broken");
        Assert.Equal((RunStatus.Failed, "InvalidParameterException: broken: unknown parameter 'x'."), (failed.Status, failed.Error));
        var skipped = rows.First(r => r.Method == "oom");
        Assert.Equal((RunStatus.Skipped, "out of memory: needed 80 GiB, 2 GiB free"), (skipped.Status, skipped.Error));
    }

    [Fact]
    public void Rows_compare_with_the_baseline_for_speedup_and_agreement()
    {
        using var temp = new TempFolder();

        Run(temp, new ScriptedExecutor(), Grid("fastv"));

        var rows = ResultsCsvFile.Read(temp.File("results.csv"));
        var low = rows.Single(r => r.Budget == 0.25);
        Assert.Equal((4.0, 0.0, 0.0), (low.SpeedupVsBaseline!.Value, low.AgreementWithBaseline!.Value, low.Accuracy!.Value));
        var mid = rows.Single(r => r.Budget == 0.5);
        Assert.Equal((1.0, 1.0), (mid.AgreementWithBaseline!.Value, mid.Accuracy!.Value));
        Assert.Equal((0.0, 2.0, 1.0), (mid.AccuracyStderr!.Value, mid.PrefillTflops!.Value * 1000, mid.KvCacheMb!.Value));
    }

    [Fact]
    public void A_resumed_sweep_runs_only_what_is_missing_and_reuses_the_stored_baseline()
    {
        using var temp = new TempFolder();
        Run(temp, new ScriptedExecutor(), Grid("fastv").Take(2).ToArray());
        var second = new ScriptedExecutor();

        var summary = Run(temp, second, Grid("fastv"));

        Assert.Equal(new SweepSummary(3, 2, 1, 0, 0), summary);
        Assert.Equal([0.5], second.Executed.Select(r => r.Budget!.Value));
        var rows = ResultsCsvFile.Read(temp.File("results.csv"));
        Assert.Equal(3, rows.Select(r => r.RunId).Distinct().Count());
        Assert.Equal(1.0, rows.Single(r => r.Budget == 0.5).AgreementWithBaseline!.Value);
        Assert.Equal(12, File.ReadAllLines(temp.File("results.predictions.jsonl")).Length);
    }

    [Fact]
    public void Peak_memory_a_backend_cannot_see_is_left_empty_not_written_as_zero()
    {
        var run = new RunConfiguration("m", "b", "t", 8, 16, 2, 0, "none", "", null);
        RunMeasurement Measured(params long?[] peaks) => new("transformer", "", "", true,
            peaks.Select((p, i) => new SampleOutcome($"s{i}", "t", 1, 1, null,
                new RunMetrics([10], [8], 8, 8, 1, 1, 2e9, 0, 0, 10, 0, p))).ToArray());

        Assert.Equal(3.0, ResultRowFactory.Ok(run, Environment, "t", Measured(2L << 20, 3L << 20), null).PeakMemMb);
        Assert.Null(ResultRowFactory.Ok(run, Environment, "t", Measured(null, null), null).PeakMemMb);
        Assert.Null(ResultRowFactory.Ok(run, Environment, "t", Measured(3L << 20, null), null).PeakMemMb);
    }

    [Fact]
    public void Percentiles_interpolate_like_numpy()
    {
        Assert.Equal(2.5, ResultRowFactory.Percentile([4, 1, 3, 2], 0.5), 12);
        Assert.Equal(3.7, ResultRowFactory.Percentile([4, 1, 3, 2], 0.9), 12);
        Assert.Equal(7, ResultRowFactory.Percentile([7], 0.9), 12);
    }
}
