using PruneBench.Core.Plugins;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Runs;

namespace PruneBench.Harness.Sweeps;

/// <summary>A validated sweep before anything runs: the resolved grid, the one plugin catalogue of the command, every run of the grid.</summary>
/// <param name="Spec">The grid with benchmark defaults filled in and built-in methods named.</param>
/// <param name="Plugins">The plugins loaded for this command.</param>
/// <param name="Benchmarks">The benchmark registry (pack options applied).</param>
/// <param name="Runs">Every run of the whole grid (not sharded), with plugin builds.</param>
/// <param name="Settings">Each method's parameters, parsed once by its own binder; the runs configure these.</param>
public sealed record SweepPlan(SweepSpec Spec, PluginCatalog Plugins, BenchmarkRegistry Benchmarks, IReadOnlyList<RunConfiguration> Runs, MethodSettings Settings)
{
    /// <summary>Slices (model × benchmark slice × seed) of the grid: the unit a shard takes whole.</summary>
    public int Slices => Runs.Select(r => r.Baseline.RunId).Distinct(StringComparer.Ordinal).Count();
}
