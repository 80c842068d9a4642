using System.CommandLine;
using PruneBench.Harness.Publishing;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench publish</c>.</summary>
public static class PublishCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inputs = new Argument<string[]>("results") { Description = "Results folders or CSVs, and analysis folders (searched at any depth).", Arity = ArgumentArity.OneOrMore };
        var output = CommonOptions.Output("site");
        var command = new Command("publish", """
            Publish results as a static site that opens from disk with no network: index.html, one page per model ×
            benchmark (leaderboard with n and 95% intervals, accuracy-vs-speedup Pareto plot, per-task table,
            per-layer retention/density/stability plots from prunebench analyze, environment), leaderboard.csv.

            Examples:
              prunebench publish results/synth-cpu results/h200-speed --out site
              prunebench publish results/demo results/analysis --out site && chromium site/index.html
            """)
        {
            inputs, output,
        };
        command.SetAction(p => CommandGuard.Run(p, (o, _) =>
        {
            PublishService.Run(p.GetValue(inputs) ?? [], p.GetValue(output)!, o);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
