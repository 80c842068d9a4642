using System.CommandLine;
using PruneBench.Harness.Evaluation;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench benchmarks list</c>.</summary>
public static class BenchmarksCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var list = new Command("list", """
            List the benchmarks with their tasks and default slice sizes.

            Examples:
              prunebench benchmarks list
            """);
        list.SetAction(p => CommandGuard.Run(p, (o, _) => BenchmarksService.List(BenchmarkRegistry.Default, o)));
        return new Command("benchmarks", "Benchmarks prunebench evaluates on.") { list };
    }
}
