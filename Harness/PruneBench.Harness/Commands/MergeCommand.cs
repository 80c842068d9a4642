using System.CommandLine;
using PruneBench.Harness.Results;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench merge</c>.</summary>
public static class MergeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var sources = new Argument<string[]>("folders") { Description = "Result folders (each holding results.csv).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "Folder to merge into (created, or extended when it holds results).", Required = true };
        var command = new Command("merge", """
            Join result folders into one, e.g. the shards of a sweep run as an array job (sweep --shard K/N): every run
            id once, an ok row preferred over a failed or skipped one, predictions included.

            Examples:
              prunebench merge results/x/shard-0 results/x/shard-1 results/x/shard-2 -o results/x
            """)
        {
            sources, output,
        };
        command.SetAction(p => CommandGuard.Run(p, (o, _) =>
        {
            MergeService.Run(p.GetValue(sources) ?? [], p.GetValue(output)!, CommonOptions.CommandLine(p), o);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
