using PruneBench.Benchmarks.Suites;
using PruneBench.Harness.Models;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Evaluation;

/// <summary>
/// A benchmark as the harness sweeps it: tasks, default slice sizes, checks before anything runs, and the
/// samples of a slice (adapting a Benchmarks suite, or the harness's own random prompts).
/// </summary>
public interface IBenchmark
{
    /// <summary>Name on the command line.</summary>
    string Name { get; }

    /// <summary>One line for <c>benchmarks list</c>.</summary>
    string Description { get; }

    /// <summary>Task families.</summary>
    IReadOnlyList<string> Tasks { get; }

    /// <summary>Default frames, tokens per frame and samples of a slice.</summary>
    (int Frames, int TokensPerFrame, int Samples) Defaults { get; }

    /// <summary>False for suites whose answers are arbitrary (speed only): accuracy columns stay empty.</summary>
    bool MeasuresAccuracy { get; }

    /// <summary>Checks a slice without drawing it.</summary>
    /// <exception cref="Usage.UsageException">Unknown task or sizes out of range; names the suite.</exception>
    void Validate(BenchmarkSlice slice);

    /// <summary>Checks, before anything runs, that this suite can feed <paramref name="model"/> (a --model argument).</summary>
    /// <exception cref="Usage.UsageException">It cannot (e.g. the model has no wiring for the suite); names both.</exception>
    void CheckModel(string model);

    /// <summary>Draws the samples of <paramref name="slice"/> for <paramref name="model"/> (its vocabulary and width).</summary>
    IReadOnlyList<BenchmarkSample> Load(LoadedModel model, BenchmarkSlice slice);
}
