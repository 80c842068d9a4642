using PruneBench.Benchmarks.Suites;
using PruneBench.Benchmarks.Synthetic;
using PruneBench.Benchmarks.Vlm;
using PruneBench.Harness.Models;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Evaluation;

/// <summary>
/// The synthetic long-video QA suite (Benchmarks/Synthetic, test split) for models wired for it (a vlm.json
/// with the synthetic vocabulary and projector, as the shipped synth-qwen2 and synth-nemotronh have). The
/// slice seed is the suite seed: seed s draws samples 0…S−1 of the suite generated from s. Two suites share this
/// class: <c>synth</c> (the five one-hop tasks, as published for the first shipped models) and <c>synth-hop</c>
/// (those plus the two-hop tasks, docs/benchmarks.md).
/// </summary>
/// <param name="name">Suite name.</param>
/// <param name="tasks">Its tasks.</param>
/// <param name="description">One line for listings.</param>
public sealed class SynthBenchmark(string name, IReadOnlyList<SynthTask> tasks, string description) : IBenchmark
{
    /// <summary>The <c>synth</c> suite: the five one-hop tasks.</summary>
    public static SynthBenchmark OneHop { get; } = new(
        "synth", SynthTaskNames.OneHop,
        "Synthetic long-video QA: answers depend on a few known visual tokens (needs a model with a synth vlm.json).");

    /// <summary>The <c>synth-hop</c> suite: every synthetic task, two-hop ones included.</summary>
    public static SynthBenchmark WithTwoHop { get; } = new(
        BenchmarkCatalog.HopSuiteName, SynthTaskNames.All,
        "synth plus two-hop tasks whose evidence the question does not name (needs a model trained on synth-hop).");

    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public string Description => description;

    /// <inheritdoc />
    public IReadOnlyList<string> Tasks { get; } = tasks.Select(SynthTaskNames.NameOf).ToArray();

    /// <inheritdoc />
    public (int Frames, int TokensPerFrame, int Samples) Defaults => (64, 16, 40);

    /// <inheritdoc />
    public bool MeasuresAccuracy => true;

    /// <inheritdoc />
    public void Validate(BenchmarkSlice slice)
    {
        if (!Tasks.Contains(slice.Task, StringComparer.OrdinalIgnoreCase))
        {
            throw new UsageException($"Benchmark '{Name}' has no task '{slice.Task}'; its tasks: {string.Join(", ", Tasks)}.");
        }

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
