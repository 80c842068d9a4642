using System.Globalization;
using PruneBench.Harness.Runs;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// Expands a <see cref="SweepSpec"/> whose benchmark axes are fully resolved into the ordered list of runs.
/// Each slice (model, benchmark, task, frames, tokens per frame, seed) starts with its baseline, so the
/// baseline's predictions and timing exist before the runs compared with it. Duplicates are removed.
/// </summary>
public static class SweepGrid
{
    /// <summary>The runs of <paramref name="spec"/>, baselines first within each slice.</summary>
    /// <exception cref="ArgumentException">An axis is empty or a benchmark axis is unresolved.</exception>
    public static IReadOnlyList<RunConfiguration> Expand(SweepSpec spec)
    {
        Require(spec.Models.Count > 0, "no model");
        Require(spec.Benchmarks.Count > 0, "no benchmark");
        Require(spec.Seeds.Count > 0, "no seed");
        var budgets = spec.Budgets.Count == 0 ? [null] : spec.Budgets.Select(b => (double?)b).ToArray();
        var settings = spec.Methods
            .SelectMany(m => m.Combinations().Select(c => (m.Name, Arguments: RunConfiguration.CanonicalArguments(c))))
            .Where(s => !(s.Name == RunConfiguration.BaselineMethod && s.Arguments.Length == 0))
            .ToArray();

        var runs = new List<RunConfiguration>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in spec.Models)
        {
            foreach (var bench in spec.Benchmarks)
            {
                Require(bench.Tasks.Count > 0 && bench.Frames.Count > 0 && bench.TokensPerFrame.Count > 0 && bench.Samples is >= 0,
                    $"benchmark '{bench.Name}' is not resolved (tasks, frames, tokens per frame and samples must be set)");
                foreach (var task in bench.Tasks)
                {
                    foreach (var frames in bench.Frames)
                    {
                        foreach (var tokens in bench.TokensPerFrame)
                        {
                            foreach (var seed in spec.Seeds)
                            {
                                var baseline = new RunConfiguration(model, bench.Name, task, frames, tokens, bench.Samples!.Value, seed,
                                    RunConfiguration.BaselineMethod, "", null);
                                Add(baseline);
                                foreach (var (method, arguments) in settings)
                                {
                                    // `none` ignores budgets: one run per argument set.
                                    foreach (var budget in method == RunConfiguration.BaselineMethod ? [null] : budgets)
                                    {
                                        Add(baseline with { Method = method, MethodArguments = arguments, Budget = budget });
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        return runs;

        void Add(RunConfiguration run)
        {
            if (seen.Add(run.RunId))
            {
                runs.Add(run);
            }
        }
    }

    /// <summary>Parses a budget list such as <c>0.25,0.5,0.75</c> (the range is checked with the sweep, <see cref="SweepService.Validate"/>).</summary>
    /// <exception cref="FormatException">A value is not a number; the message names it.</exception>
    public static IReadOnlyList<double> ParseBudgets(IEnumerable<string> items) =>
        items.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
                ? b
                : throw new FormatException($"Budget '{s}' is not a number."))
            .ToArray();

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new ArgumentException($"Sweep has {what}.");
        }
    }
}
