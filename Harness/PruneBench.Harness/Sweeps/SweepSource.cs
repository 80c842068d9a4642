using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// The grid of <c>sweep</c> and <c>run</c>: from a sweep file or from flags, never both. The file's
/// <c>output</c> and <c>device</c> apply unless the command line sets them.
/// </summary>
public static class SweepSource
{
    /// <summary>Default output folder of <c>sweep</c>.</summary>
    public const string DefaultOutput = "results/sweep";

    /// <summary>Builds the request from <paramref name="file"/> or <paramref name="flags"/>.</summary>
    /// <exception cref="UsageException">Both a file and grid flags, or a bad flag.</exception>
    /// <exception cref="SweepFileException">A bad sweep file.</exception>
    public static SweepRequest Request(string? file, SweepFlags flags, string? output, string? device, IReadOnlyList<string> plugins, bool quiet,
        string commandLine)
    {
        SweepSpec spec;
        if (file is not null)
        {
            if (flags.Models.Count + flags.Benchmarks.Count + flags.Methods.Count + flags.Budgets.Count + flags.Tasks.Count > 0)
            {
                throw new UsageException("Give the grid either in --file or as flags (--model, --benchmark, --methods, …), not both.");
            }

            var sweep = SweepFileReader.Read(file);
            spec = sweep.Spec;
            output ??= sweep.Output;
            device ??= sweep.Device;
        }
        else
        {
            spec = (flags with { Benchmarks = flags.Benchmarks.Count > 0 ? flags.Benchmarks : [Evaluation.BenchmarkRegistry.DefaultBenchmark] }).ToSpec();
        }

        return new SweepRequest(spec, output ?? DefaultOutput, device ?? "auto", plugins, quiet, commandLine);
    }

    /// <summary>Parses <c>--budgets</c> values; a bad one is a usage error naming it.</summary>
    /// <exception cref="UsageException">A value is not a number in (0, 1].</exception>
    public static IReadOnlyList<double> Budgets(IEnumerable<string>? values)
    {
        try
        {
            return SweepGrid.ParseBudgets(values ?? []);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--budgets: {e.Message}", e);
        }
    }
}
