using PruneBench.Benchmarks.Suites;
using PruneBench.Benchmarks.Packs;
using PruneBench.Harness.Commands;
using PruneBench.Harness.Models;

namespace PruneBench.Harness.Evaluation;

/// <summary>
/// A real benchmark exported as a sample pack (<c>--benchmark pack:DIR</c>; format and exporter in
/// docs/benchmarks.md). Its samples are fixed by the export, so its one slice is task <c>all</c> with frames
/// and tokens per frame 0 ("as exported") and samples 0 ("all"; a positive count takes the first N). The
/// pack is validated against each model (width, vocabulary, spans, features) before the sweep starts.
/// </summary>
/// <param name="directory">Pack folder.</param>
/// <param name="skipBad">Skip invalid samples instead of refusing the pack.</param>
public sealed class PackBenchmark(string directory, bool skipBad) : IBenchmark
{
    /// <summary>Prefix that names a pack benchmark.</summary>
    public const string Prefix = "pack:";

    /// <inheritdoc />
    public string Name => Prefix + directory;

    /// <inheritdoc />
    public string Description => $"Sample pack in {directory} (a real benchmark exported with its model's visual embeddings).";

    /// <inheritdoc />
    public IReadOnlyList<string> Tasks { get; } = ["all"];

    /// <inheritdoc />
    public (int Frames, int TokensPerFrame, int Samples) Defaults => (0, 0, 0);

    /// <inheritdoc />
    public bool MeasuresAccuracy => true;

    /// <inheritdoc />
    public void Validate(BenchmarkSlice slice)
    {
        if (slice.Task != "all" || slice.Frames != 0 || slice.TokensPerFrame != 0 || slice.Samples < 0)
        {
            throw new UsageException($"Benchmark '{Name}': a pack's samples are as exported; --task, --frames and --tokens-per-frame do not apply (--samples N takes the first N).");
        }
    }

    /// <inheritdoc />
    public void CheckModel(string model)
    {
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"Benchmark '{Name}': pack folder '{directory}' does not exist.");
        }

        Open(ModelResolver.Shape(model).HiddenSize, null);
    }

    /// <inheritdoc />
    public IReadOnlyList<BenchmarkSample> Load(LoadedModel model, BenchmarkSlice slice)
    {
        var pack = Open(model.Model.HiddenSize, model.Model.VocabSize, model.Model.Config.RopeAxes);
        var samples = slice.Samples > 0 ? pack.Samples.Take(slice.Samples) : pack.Samples;
        return samples.Select(s => new BenchmarkSample(s.Record.Id, s.Record.Task, s.LoadPrompt(),
            s.Record.Answer, [.. s.Record.OptionTokenIds], s.Record.RelevantVisualIndices ?? [], s.Record.Duration)).ToArray();
    }

    private SamplePack Open(int hidden, int? vocab, int? ropeAxes = null)
    {
        try
        {
            return SamplePackLoader.Load(directory, new PackLoadOptions(hidden, vocab, skipBad, ropeAxes));
        }
        catch (PackValidationException e)
        {
            throw new UsageException(e.Message + (skipBad ? "" : " (--skip-bad-samples runs the valid samples only)"), e);
        }
    }
}
