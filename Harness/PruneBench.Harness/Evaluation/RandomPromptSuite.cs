using PruneBench.Abstractions.Tokens;
using PruneBench.Benchmarks.Suites;
using PruneBench.Core.Engine;
using PruneBench.Harness.Models;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Evaluation;

/// <summary>
/// Seeded random prompts for any model: random text ids, Gaussian visual embeddings, four random option
/// ids and a random answer. Exercises every code path and measures speed on checkpoints that have no
/// benchmark of their own (fixtures, presets); its accuracy is chance, so accuracy columns stay empty.
/// Three random visual tokens per sample are marked "relevant" so that needle recall is exercised too.
/// </summary>
public sealed class RandomPromptSuite : IBenchmark
{
    private const int PrefixLength = 4;
    private const int SuffixLength = 8;

    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public string Description => "Seeded random prompts for any model (code paths and speed; accuracy is not measured).";

    /// <inheritdoc />
    public IReadOnlyList<string> Tasks { get; } = ["random"];

    /// <inheritdoc />
    public (int Frames, int TokensPerFrame, int Samples) Defaults => (8, 16, 4);

    /// <inheritdoc />
    public bool MeasuresAccuracy => false;

    /// <inheritdoc />
    public void Validate(BenchmarkSlice slice)
    {
        if (!Tasks.Contains(slice.Task))
        {
            throw new UsageException($"Benchmark '{Name}' has no task '{slice.Task}'. Tasks: {string.Join(", ", Tasks)}.");
        }

        if (slice.Frames < 1 || slice.TokensPerFrame < 1 || slice.Samples < 1)
        {
            throw new UsageException($"Benchmark '{Name}': frames, tokens per frame and samples must be positive.");
        }
    }

    /// <inheritdoc />
    public void CheckModel(string model)
    {
        // Any language model can take random prompts.
    }

    /// <inheritdoc />
    public IReadOnlyList<BenchmarkSample> Load(LoadedModel model, BenchmarkSlice slice)
    {
        Validate(slice);
        var hidden = model.Model.HiddenSize;
        var vocab = model.Model.VocabSize;
        var samples = new BenchmarkSample[slice.Samples];
        for (var i = 0; i < samples.Length; i++)
        {
            // One generator per sample, seeded by a fixed mix (HashCode is randomised per process): sample i
            // is the same on every machine and whatever the sample count.
            var rng = new Random(unchecked((slice.Seed * 1_000_003) + (i * 7_919) + (slice.Frames * 131) + slice.TokensPerFrame) & int.MaxValue);
            var layout = SampleLayout.WithSquareGrid(PrefixLength, slice.Frames, slice.TokensPerFrame, SuffixLength);
            var ids = new int[layout.Length];
            for (var t = 0; t < ids.Length; t++)
            {
                ids[t] = rng.Next(vocab);
            }

            // [N_v × hidden], scaled like a normalised embedding row.
            var visual = new float[layout.VisualCount * hidden];
            var scale = 1f / MathF.Sqrt(hidden);
            for (var k = 0; k < visual.Length; k++)
            {
                visual[k] = (float)(Gaussian(rng) * scale);
            }

            // Four distinct option ids (vocabularies of presets are ~150k: draw, do not shuffle).
            var options = new List<int>(4);
            while (options.Count < Math.Min(4, vocab))
            {
                var id = rng.Next(vocab);
                if (!options.Contains(id))
                {
                    options.Add(id);
                }
            }

            // Random prompts have no ground truth: no relevant tokens (needle recall stays empty).
            samples[i] = new BenchmarkSample($"random-{slice.Seed}-{i}", slice.Task, new Prompt(ids, layout, visual), rng.Next(options.Count),
                [.. options], [], null);
        }

        return samples;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
