using System.CommandLine;
using System.CommandLine.Help;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Commands;

/// <summary>Entry point: builds the command tree, parses, runs; maps parse errors to exit code 2.</summary>
public static class CliApplication
{
    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand Build() => new("""
        prunebench: compare visual-token reduction methods inside long-video VLMs (dense Transformers and
        Mamba-Transformer hybrids). Exit codes: 0 ok, 1 a run failed, 2 bad input (nothing run).

        Start with:
          prunebench demo
        """)
    {
        DemoCommand.Create(),
        RunCommand.Create(),
        SweepCommand.Create(),
        LeaderboardCommand.Create(),
        SeparationCommand.Create(),
        MergeCommand.Create(),
        BenchCommand.Create(),
        InferCommand.Create(),
        PluginsCommand.Create(),
        ModelsCommand.Create(),
        BenchmarksCommand.Create(),
        PackCommand.Create(),
        AnalyzeCommand.Create(),
        PublishCommand.Create(),
    };

    /// <summary>Runs the CLI with <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine($"error: {e.Message}");
            }

            error.WriteLine($"Run 'prunebench {(parse.CommandResult.Command is RootCommand ? "" : parse.CommandResult.Command.Name + " ")}--help' for usage.");
            return ExitCodes.UsageError;
        }

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
