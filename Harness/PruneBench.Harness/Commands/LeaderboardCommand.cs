using System.CommandLine;
using PruneBench.Harness.Leaderboard;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench leaderboard</c>.</summary>
public static class LeaderboardCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inputs = new Argument<string[]>("results") { Description = "Result CSVs or folders holding them.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out", "-o") { Description = $"Folder for leaderboard.csv and leaderboard.md (default {LeaderboardService.DefaultOutput}); never an input's folder." };
        var command = new Command("leaderboard", """
            Aggregate result CSVs into a leaderboard: one row per (model, benchmark, method, budget) with the rank at
            matched budget, accuracy, Δ vs the baseline, speedup and a Pareto-frontier flag (accuracy vs measured mean
            retention). Writes leaderboard.csv and leaderboard.md and prints the Markdown.

            Examples:
              prunebench leaderboard results/demo                  # writes results/leaderboard/
              prunebench leaderboard results/a/results.csv results/b/results.csv -o results/combined
            """)
        {
            inputs, output,
        };
        command.SetAction(p => CommandGuard.Run(p, (o, _) => LeaderboardService.Run(p.GetValue(inputs) ?? [], p.GetValue(output), o)));
        return command;
    }
}
