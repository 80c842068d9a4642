using System.CommandLine;
using PruneBench.Abstractions.Parameters;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Sweeps;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench run</c>: one model × one benchmark slice × one method setting (plus its baseline).</summary>
public static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model folder or name.", Required = true };
        var benchmark = new Option<string>("--benchmark", "-b") { Description = "Benchmark.", DefaultValueFactory = _ => BenchmarkRegistry.DefaultBenchmark };
        var task = new Option<string?>("--task") { Description = "Task family (default: all of the benchmark)." };
        var frames = new Option<int?>("--frames") { Description = "Frames m (default: the benchmark's)." };
        var tokens = new Option<int?>("--tokens-per-frame") { Description = "Visual tokens per frame n (default: the benchmark's)." };
        var samples = new Option<int?>("--samples") { Description = "Samples (default: the benchmark's)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the samples and of random method decisions.", DefaultValueFactory = _ => 0 };
        var method = new Option<string>("--method") { Description = "Method name (see prunebench plugins list).", Required = true };
        var parameters = new Option<string?>("--params") { Description = "Method parameters, key=value;key=value (see prunebench plugins inspect METHOD)." };
        var budget = new Option<double?>("--budget") { Description = "Mean visual retention in (0, 1]; parameters you did not set are derived from it." };
        var skipBad = new Option<bool>("--skip-bad-samples") { Description = "Sample packs (pack:DIR): run the valid samples and skip invalid ones." };
        var output = CommonOptions.Output("results/run");
        var device = CommonOptions.Device();
        var plugins = CommonOptions.Plugins();
        var quiet = CommonOptions.Quiet();
        var command = new Command("run", """
            Run one method setting on one model and benchmark slice, with its unreduced baseline, into <out>/results.csv.

            Examples:
              prunebench run -m synth-nemotronh --method stateful --budget 0.5 --task count
              prunebench run -m synth-qwen2 --method random --params "k=0;ratio=0.25" --seed 3
              prunebench run -m tests/fixtures/llama -b random --method fastv --budget 0.75
            """)
        {
            model, benchmark, task, frames, tokens, samples, seed, method, parameters, budget, skipBad, output, device, plugins, quiet,
        };
        command.SetAction(p => CommandGuard.Run(p, (o, console) => SweepService.Execute(
            SweepSource.Request(null,
                new SweepFlags([p.GetValue(model)!], [p.GetValue(benchmark)!], p.GetValue(task) is { } t ? [t] : [], p.GetValue(frames) is { } f ? [f] : [],
                    p.GetValue(tokens) is { } n ? [n] : [], p.GetValue(samples), [p.GetValue(method)!], Params(p.GetValue(method)!, p.GetValue(parameters)),
                    p.GetValue(budget) is { } b ? SweepSource.Budgets([b.ToString("R", System.Globalization.CultureInfo.InvariantCulture)]) : [], [p.GetValue(seed)]),
                p.GetValue(output), p.GetValue(device), p.GetValue(plugins) ?? [], p.GetValue(quiet), CommonOptions.CommandLine(p)) with
            {
                SkipBadSamples = p.GetValue(skipBad),
            },
            BenchmarkRegistry.Default, o, console)));
        return command;
    }

    /// <summary>"k=2;ratio=0.5" for method m → ["m:k=2", "m:ratio=0.5"].</summary>
    public static IReadOnlyList<string> Params(string method, string? text) =>
        text is null ? [] : ParameterText.ParsePairs(text, method).Select(kv => $"{method}:{kv.Key}={kv.Value}").ToArray();
}
