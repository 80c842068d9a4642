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
        var output = new Option<string?>("--out", "-o") { Description = "Where leaderboard.csv and leaderboard.md go (default: the first input's folder)." };
        var command = new Command("leaderboard", """
            Aggregate result CSVs into a leaderboard: one row per (model, benchmark, method, budget) with the rank at
            matched budget, accuracy, Δ vs the baseline, speedup and a Pareto-frontier flag (accuracy vs measured mean
            retention). Writes leaderboard.csv and leaderboard.md and prints the Markdown.

            Examples:
              prunebench leaderboard results/demo
              prunebench leaderboard results/a/results.csv results/b/results.csv -o results/combined
            """)
        {
            inputs, output,
        };
        command.SetAction(p => CommandGuard.Run(p, (o, _) => Execute(p.GetValue(inputs) ?? [], p.GetValue(output), o)));
        return command;
    }

    /// <summary>Runs the leaderboard service.</summary>
    public static int Execute(IReadOnlyList<string> inputs, string? output, TextWriter writer)
    {
        var folder = output ?? (Directory.Exists(inputs[0]) ? inputs[0] : Path.GetDirectoryName(Path.GetFullPath(inputs[0]))!);
        LeaderboardService.Write(inputs, folder, writer);
        return ExitCodes.Ok;
    }
}
