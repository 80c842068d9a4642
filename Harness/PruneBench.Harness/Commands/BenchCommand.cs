using System.CommandLine;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Sweeps;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench bench</c>: prefill speed of methods at budgets on random prompts (speed only).</summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var models = new Option<string[]>("--model", "-m") { Description = "Model folders or names (repeatable or comma-separated).", Required = true };
        var methods = new Option<string[]>("--methods") { Description = "Methods (default: every built-in method)." };
        var budgets = new Option<string[]>("--budgets") { Description = "Budgets (default 0.25,0.5,0.75)." };
        var frames = new Option<int>("--frames") { Description = "Frames m.", DefaultValueFactory = _ => 64 };
        var tokens = new Option<int>("--tokens-per-frame") { Description = "Visual tokens per frame n.", DefaultValueFactory = _ => 16 };
        var repeats = new Option<int>("--repeats") { Description = "Prompts timed per configuration (p50/p90 over them).", DefaultValueFactory = _ => 3 };
        var output = CommonOptions.Output("results/bench");
        var device = CommonOptions.Device();
        var plugins = CommonOptions.Plugins();
        var quiet = CommonOptions.Quiet();
        var command = new Command("bench", """
            Measure prefill time, speedup, FLOPs and cache sizes of methods at budgets on seeded random prompts (the
            'random' benchmark: speed only, accuracy columns stay empty). Results go to <out>/results.csv.

            Examples:
              prunebench bench -m tests/fixtures/nemotron_h_groups --frames 32 --tokens-per-frame 16
              prunebench bench -m my-model --methods fastv,stateful --budgets 0.25 --device cuda --repeats 5
            """)
        {
            models, methods, budgets, frames, tokens, repeats, output, device, plugins, quiet,
        };
        command.SetAction(p => CommandGuard.Run(p, (o, console) => SweepService.Execute(
            new BenchRequest(CommonOptions.Split(p.GetValue(models)), CommonOptions.Split(p.GetValue(methods)), SweepSource.Budgets(p.GetValue(budgets)),
                p.GetValue(frames), p.GetValue(tokens), p.GetValue(repeats), p.GetValue(output)!, p.GetValue(device)!, p.GetValue(plugins) ?? [], p.GetValue(quiet),
                CommonOptions.CommandLine(p)).ToSweep(),
            BenchmarkRegistry.Default, o, console)));
        return command;
    }
}
