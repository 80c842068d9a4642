using PruneBench.Benchmarks.Synthetic;
using PruneBench.Benchmarks.Vlm;
using PruneBench.Core.Engine;

namespace PruneBench.Benchmarks.Suites;

/// <summary>
/// The synthetic long-video QA suite: samples from <see cref="SynthGenerator"/>, task by task, with the
/// raw features turned into embeddings by the model's own projector. Needs a model whose vlm.json uses
/// the synthetic vocabulary.
/// </summary>
public sealed class SynthSuite : IBenchmarkSuite
{
    /// <summary>Creates the suite for <paramref name="tasks"/> (the five one-hop tasks of <c>synth</c> when empty).</summary>
    public SynthSuite(string name, IReadOnlyList<SynthTask> tasks, SynthSuiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        Tasks = tasks.Count == 0 ? SynthTaskNames.OneHop : tasks;
        Options = options;
        foreach (var task in Tasks)
        {
            new SynthSampleKey(task, options.Split, options.Frames, options.TokensPerFrame, options.SuiteSeed, 0).Validate();
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.SamplesPerTask);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Benchmark => "synth";

    /// <summary>Task families, in order.</summary>
    public IReadOnlyList<SynthTask> Tasks { get; }

    /// <summary>Sizes and split.</summary>
    public SynthSuiteOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="VlmWiringException">The model has no vlm.json, or its vocabulary or widths do not match the suite.</exception>
    public IEnumerable<BenchmarkSample> Samples(SuiteTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var wiring = CheckTarget(target);
        return Enumerate(wiring);
    }

    /// <summary>Turns one generated sample into an engine-ready one with <paramref name="projector"/>.</summary>
    public static BenchmarkSample ToBenchmarkSample(SynthSample sample, VisualProjector projector)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(projector);
        var embeddings = projector.Project(sample.Features);
        return new BenchmarkSample(
            sample.Key.Id,
            SynthTaskNames.NameOf(sample.Key.Task),
            new Prompt(sample.TokenIds, sample.Layout, embeddings),
            sample.AnswerIndex,
            sample.OptionTokenIds,
            sample.RelevantVisualIndices,
            DurationBucket: null);
    }

    private IEnumerable<BenchmarkSample> Enumerate(VlmWiring wiring)
    {
        foreach (var task in Tasks)
        {
            for (var i = 0; i < Options.SamplesPerTask; i++)
            {
                var key = new SynthSampleKey(task, Options.Split, Options.Frames, Options.TokensPerFrame, Options.SuiteSeed, i);
                yield return ToBenchmarkSample(SynthGenerator.Generate(key), wiring.Projector);
            }
        }
    }

    private VlmWiring CheckTarget(SuiteTarget target)
    {
        var wiring = target.Wiring ?? throw new VlmWiringException(
            $"Model '{target.ModelName}' has no {VlmWiring.FileName}; the synth suite needs a model trained for it (e.g. synth-qwen2, synth-nemotronh).");
        wiring.CheckFits(target.ModelName, target.HiddenSize, target.VocabSize);
        // The model's vocabulary must be the suite's, or a leading part of it (a model trained before the two-hop
        // words were appended) that covers every word of this suite's tasks.
        var expected = SynthVocabulary.Vocabulary.Tokens;
        var actual = wiring.Vocabulary.Tokens;
        var common = Math.Min(actual.Count, expected.Count);
        var at = Enumerable.Range(0, common).FirstOrDefault(i => actual[i] != expected[i], common);
        if (at < common || actual.Count > expected.Count || actual.Count < SynthVocabulary.OneHopCount)
        {
            throw new VlmWiringException(
                $"{wiring.Path}: the vocabulary is not the synthetic suite's (first difference at id {at}); the model was not trained on synth.");
        }

        foreach (var task in Tasks.Where(t => SynthVocabulary.TokensNeeded(t) > actual.Count))
        {
            throw new VlmWiringException(
                $"{wiring.Path}: the vocabulary has {actual.Count} tokens; task '{SynthTaskNames.NameOf(task)}' needs the first {SynthVocabulary.TokensNeeded(task)} (the model was trained before that task existed; use a model trained on synth-hop).");
        }

        if (wiring.File.VisualFeatureDim != SynthFeatureSpace.Dim)
        {
            throw new VlmWiringException($"{wiring.Path}: visual_feature_dim {wiring.File.VisualFeatureDim} is not the suite's {SynthFeatureSpace.Dim}.");
        }

        return wiring;
    }
}
