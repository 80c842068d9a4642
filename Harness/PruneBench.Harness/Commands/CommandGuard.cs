using System.CommandLine;
using PruneBench.Abstractions.Parameters;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Plugins;
using PruneBench.Harness.Results;
using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Commands;

/// <summary>
/// Runs a command's service and turns bad-input exceptions into exit code 2 with one clear line on
/// stderr. Anything else is a bug: it is printed in full and exits 1.
/// </summary>
public static class CommandGuard
{
    /// <summary>Runs <paramref name="service"/> with the invocation's output writer and whether it is the console.</summary>
    public static int Run(ParseResult parse, Func<TextWriter, bool, int> service)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return service(output, ReferenceEquals(output, Console.Out));
        }
        catch (Exception e) when (IsUsageError(e))
        {
            // One line per problem (a plugin folder may have several).
            foreach (var line in e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                error.WriteLine($"error: {line}");
            }

            return ExitCodes.UsageError;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: {e}");
            return ExitCodes.RunFailures;
        }
    }

    /// <summary>Exceptions that mean "the input is wrong", found before or instead of running.</summary>
    public static bool IsUsageError(Exception e) => e is UsageException or PluginLoadException or SweepFileException
        or ResultsSchemaException or InvalidParameterException or CheckpointException or FileNotFoundException or DirectoryNotFoundException;
}
