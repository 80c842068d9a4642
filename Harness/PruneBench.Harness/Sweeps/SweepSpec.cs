namespace PruneBench.Harness.Sweeps;

/// <summary>
/// A sweep as the user asked for it (flags or sweep file): models × benchmark slices × methods (with
/// their parameter grids) × budgets × seeds. <see cref="SweepGrid"/> turns it into runs.
/// </summary>
/// <param name="Models">Model names or folders.</param>
/// <param name="Benchmarks">Benchmark axes.</param>
/// <param name="Methods">Methods; <c>none</c> is implied (every slice gets its baseline).</param>
/// <param name="Budgets">Mean-retention budgets; empty = each method's own parameters.</param>
/// <param name="Seeds">Seeds; at least one.</param>
public sealed record SweepSpec(
    IReadOnlyList<string> Models,
    IReadOnlyList<BenchmarkAxis> Benchmarks,
    IReadOnlyList<MethodAxis> Methods,
    IReadOnlyList<double> Budgets,
    IReadOnlyList<int> Seeds);
