namespace PruneBench.Harness.Sweeps;

/// <summary>The benchmark slices of a sweep: one suite, its tasks × frame counts × tokens per frame.</summary>
/// <param name="Name">Suite name (see <c>prunebench benchmarks list</c>).</param>
/// <param name="Tasks">Task families; empty = every task of the suite.</param>
/// <param name="Frames">Frame counts m; empty = the suite's default.</param>
/// <param name="TokensPerFrame">Tokens per frame n; empty = the suite's default.</param>
/// <param name="Samples">Samples per slice; null = the suite's default.</param>
public sealed record BenchmarkAxis(
    string Name,
    IReadOnlyList<string> Tasks,
    IReadOnlyList<int> Frames,
    IReadOnlyList<int> TokensPerFrame,
    int? Samples);
