using PruneBench.Core.Plugins;
using PruneBench.Harness.Commands;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Leaderboard;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// <c>prunebench demo</c>: every built-in method at budgets 0.25 / 0.5 / 0.75 plus the baseline, on the demo
/// benchmark and models, on the GPU when there is one; writes results/demo and prints the leaderboard.
/// </summary>
public static class DemoService
{
    /// <summary>Budgets of the demo.</summary>
    public static IReadOnlyList<double> Budgets { get; } = [0.25, 0.5, 0.75];

    /// <summary>Runs the demo; exit code 0, or 1 when a run failed.</summary>
    public static int Run(DemoRequest request, BenchmarkRegistry benchmarks, TextWriter output, bool console)
    {
        request = DemoDefaults.Resolve(request, output);
        var methods = BuiltinMethods.Names(PluginLoader.LoadWithAppFolder(request.PluginFolders));
        var spec = new SweepSpec(
            request.Models,
            [new BenchmarkAxis(request.Benchmark!, request.Tasks, request.Frames is { } f ? [f] : [], request.TokensPerFrame is { } n ? [n] : [], request.Samples)],
            methods.Select(m => new MethodAxis(m, [])).ToArray(),
            Budgets,
            [0]);
        var outcome = SweepService.Run(new SweepRequest(spec, request.Output, request.Device, request.PluginFolders, request.Quiet, request.CommandLine),
            benchmarks, output, console);
        output.WriteLine();
        LeaderboardService.Run([outcome.ResultsPath], request.Output, output);
        output.WriteLine($"Leaderboard: {Path.Combine(request.Output, LeaderboardService.CsvName)}, {Path.Combine(request.Output, LeaderboardService.MarkdownName)}");
        return outcome.Summary.Failed > 0 ? ExitCodes.RunFailures : ExitCodes.Ok;
    }
}
