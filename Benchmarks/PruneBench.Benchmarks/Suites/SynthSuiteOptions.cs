using PruneBench.Benchmarks.Synthetic;

namespace PruneBench.Benchmarks.Suites;

/// <summary>Size of a synthetic run: the defaults are the numbers docs/benchmarks.md reports.</summary>
/// <param name="Frames">m (8…512).</param>
/// <param name="TokensPerFrame">n (16…256).</param>
/// <param name="SamplesPerTask">Samples per task family (indices 0…N−1).</param>
/// <param name="Split">Test unless training.</param>
/// <param name="SuiteSeed">Base seed.</param>
public sealed record SynthSuiteOptions(
    int Frames = 64, int TokensPerFrame = 16, int SamplesPerTask = 40, SynthSplit Split = SynthSplit.Test, ulong SuiteSeed = 0);
