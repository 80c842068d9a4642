using PruneBench.Benchmarks.Suites;
using PruneBench.Benchmarks.Synthetic;
using PruneBench.Benchmarks.Vlm;
using PruneBench.Harness.Models;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Evaluation;

/// <summary>
/// The synthetic long-video QA suite (Benchmarks/Synthetic, test split) for models wired for it (a vlm.json
/// with the synthetic vocabulary and projector, as the shipped synth-qwen2 and synth-nemotronh have). The
/// slice seed is the suite seed: seed s draws samples 0…S−1 of the suite generated from s.
/// </summary>
public sealed class SynthBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "synth";

    /// <inheritdoc />
    public string Description => "Synthetic long-video QA: answers depend on a few known visual tokens (needs a model with a synth vlm.json).";

    /// <inheritdoc />
    public IReadOnlyList<string> Tasks { get; } = SynthTaskNames.All.Select(SynthTaskNames.NameOf).ToArray();

    /// <inheritdoc />
    public (int Frames, int TokensPerFrame, int Samples) Defaults => (64, 16, 40);

    /// <inheritdoc />
    public bool MeasuresAccuracy => true;

    /// <inheritdoc />
    public void Validate(BenchmarkSlice slice)
    {
        try
        {
            new SynthSampleKey(SynthTaskNames.Parse(slice.Task), SynthSplit.Test, slice.Frames, slice.TokensPerFrame, 0, 0).Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"Benchmark '{Name}': {UsageException.Describe(e)}", e);
        }

        if (slice.Samples < 1)
        {
            throw new UsageException($"Benchmark '{Name}': samples must be positive.");
        }
    }

    /// <inheritdoc />
    public void CheckModel(string model)
    {
        var folder = ModelResolver.FolderOrNull(model);
        if (folder is null || !VlmWiring.Exists(folder))
        {
            throw new UsageException(
                $"Benchmark '{Name}' needs a model wired for it ({VlmWiring.FileName} with the synthetic vocabulary and projector); '{model}' has none. Use synth-qwen2 or synth-nemotronh.");
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<BenchmarkSample> Load(LoadedModel model, BenchmarkSlice slice)
    {
        Validate(slice);
        var target = SuiteTarget.ForModelDirectory(model.Name, model.Source, model.Model.HiddenSize, model.Model.VocabSize);
        var suite = new SynthSuite($"synth/{slice.Task}", [SynthTaskNames.Parse(slice.Task)],
            new SynthSuiteOptions(slice.Frames, slice.TokensPerFrame, slice.Samples, SynthSplit.Test, (ulong)slice.Seed));
        return suite.Samples(target).ToArray();
    }
}
