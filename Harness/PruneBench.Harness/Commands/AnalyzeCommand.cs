using System.CommandLine;
using PruneBench.Harness.Analysis;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Usage;
using PruneBench.Harness.Sweeps;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench analyze</c>: the paper's Figure 1 for one model and benchmark.</summary>
public static class AnalyzeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model folder or name.", Required = true };
        var benchmark = new Option<string>("--benchmark", "-b") { Description = "Benchmark.", DefaultValueFactory = _ => BenchmarkRegistry.DefaultBenchmark };
        var tasks = new Option<string[]>("--tasks", "--task") { Description = "Task families, comma-separated or repeated (default: all of the benchmark).", DefaultValueFactory = _ => [] };
        var frames = new Option<int?>("--frames") { Description = "Frames m (default: the benchmark's)." };
        var tokens = new Option<int?>("--tokens-per-frame") { Description = "Visual tokens per frame n (default: the benchmark's)." };
        var samples = new Option<int>("--samples") { Description = "Samples per task.", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Seed of the samples and of random method decisions.", DefaultValueFactory = _ => 0 };
        var methods = new Option<string[]>("--methods", "--method")
        {
            Description = "Methods to analyse besides the unreduced model (none), comma-separated or repeated, with their default parameters.",
            DefaultValueFactory = _ => [],
        };
        var budgets = new Option<string[]>("--budgets", "--budget") { Description = "Mean retentions the methods run at.", DefaultValueFactory = _ => ["0.5"] };
        var top = new Option<double>("--top-fraction") { Description = "k of the top-k overlap as a fraction of the tokens both layers scored.", DefaultValueFactory = _ => 0.1 };
        var output = CommonOptions.Output("results/analysis");
        var device = CommonOptions.Device();
        var plugins = CommonOptions.Plugins();
        var command = new Command("analyze", """
            The paper's Figure 1 for one model and benchmark, unreduced and under each method: per layer, the
            density of the score (fraction of tokens holding τ = 0.5/0.8/0.9 of its mass), Kendall τ_b of the
            token ranking against the previous and the last scored layer, top-k overlap, needle recall and
            measured retention. Scores: query attention on attention layers, Mamba2 implicit attention on Mamba
            layers. Writes <out>/analysis.csv, analysis.json and SVG plots; prunebench publish shows them.

            Examples:
              prunebench analyze -m synth-nemotronh
              prunebench analyze -m synth-qwen2 --methods stateful,fastv,random --budgets 0.5 --samples 4 -o results/analysis/qwen2
            """)
        {
            model, benchmark, tasks, frames, tokens, samples, seed, methods, budgets, top, output, device, plugins,
        };
        command.SetAction(p => CommandGuard.Run(p, (o, _) =>
        {
            var outcome = AnalysisService.Run(new AnalysisRequest(p.GetValue(model)!, p.GetValue(benchmark)!, CommonOptions.Split(p.GetValue(tasks)),
                p.GetValue(frames), p.GetValue(tokens), p.GetValue(samples), p.GetValue(seed), CommonOptions.Split(p.GetValue(methods)),
                SweepSource.Budgets(p.GetValue(budgets)), p.GetValue(top), p.GetValue(device)!, p.GetValue(plugins) ?? [], p.GetValue(output)!,
                CommonOptions.CommandLine(p)), BenchmarkRegistry.Default, o);
            return outcome.Failed.Count > 0 ? ExitCodes.RunFailures : ExitCodes.Ok;
        }));
        return command;
    }
}
