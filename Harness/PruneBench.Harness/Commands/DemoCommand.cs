using System.CommandLine;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Sweeps;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench demo</c>.</summary>
public static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var models = new Option<string[]>("--model", "-m") { Description = "Models (repeatable or comma-separated; default: the demo models)." };
        var benchmark = new Option<string?>("--benchmark", "-b") { Description = $"Benchmark (default {BenchmarkRegistry.DefaultBenchmark})." };
        var tasks = new Option<string[]>("--task") { Description = "Task families (default: all)." };
        var frames = new Option<int?>("--frames") { Description = "Frames m (default: the benchmark's)." };
        var tokens = new Option<int?>("--tokens-per-frame") { Description = "Visual tokens per frame n (default: the benchmark's)." };
        var samples = new Option<int?>("--samples") { Description = "Samples per slice (default: the benchmark's)." };
        var output = CommonOptions.Output("results/demo");
        var device = CommonOptions.Device();
        var plugins = CommonOptions.Plugins();
        var quiet = CommonOptions.Quiet();
        var command = new Command("demo", """
            The main job: every built-in method at budgets 0.25, 0.5 and 0.75 plus the unreduced baseline, on the GPU when
            there is one and the CPU otherwise. Writes <out>/results.csv, predictions, sweep.json and the leaderboard
            (leaderboard.csv, leaderboard.md), and prints the leaderboard. Rerunning resumes.

            Examples:
              prunebench demo
              prunebench demo --task needle-color --frames 128 --samples 20 --out results/demo-long
              prunebench demo -m tests/fixtures/llama -b random --device cpu --quiet --out results/demo-llama
            """)
        {
            models, benchmark, tasks, frames, tokens, samples, output, device, plugins, quiet,
        };
        command.SetAction(p => CommandGuard.Run(p, (o, console) => SweepService.Execute(DemoDefaults.ToSweep(
            new DemoRequest(CommonOptions.Split(p.GetValue(models)), p.GetValue(benchmark), CommonOptions.Split(p.GetValue(tasks)), p.GetValue(frames),
                p.GetValue(tokens), p.GetValue(samples), p.GetValue(output)!, p.GetValue(device)!, p.GetValue(plugins) ?? [], p.GetValue(quiet),
                CommonOptions.CommandLine(p)), o),
            BenchmarkRegistry.Default, o, console)));
        return command;
    }
}
