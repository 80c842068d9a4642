namespace PruneBench.Harness.Evaluation;

/// <summary>Which samples of a suite to draw.</summary>
/// <param name="Task">Task family.</param>
/// <param name="Frames">m.</param>
/// <param name="TokensPerFrame">n.</param>
/// <param name="Samples">How many.</param>
/// <param name="Seed">Seed of the draw.</param>
public sealed record BenchmarkSlice(string Task, int Frames, int TokensPerFrame, int Samples, int Seed);
