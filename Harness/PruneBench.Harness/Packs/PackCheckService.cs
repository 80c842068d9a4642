using PruneBench.Benchmarks.Packs;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Models;
using PruneBench.Harness.Commands;
using PruneBench.Harness.Models;

namespace PruneBench.Harness.Packs;

/// <summary>
/// <c>prunebench pack check DIR [--model M]</c>: validates a sample pack without running it (against the model's
/// config when given: width, vocabulary, position axes; no weights are loaded) and prints its summary and every
/// rejected sample with the reason. Exit 0 when every sample is valid (or when bad samples may be skipped), 2 otherwise.
/// </summary>
public static class PackCheckService
{
    /// <summary>Checks <paramref name="directory"/>; returns the exit code.</summary>
    /// <exception cref="UsageException">The pack as a whole is unusable (no pack.json, another width, …) or the model is unknown.</exception>
    public static int Check(string directory, string? model, bool skipBad, TextWriter output)
    {
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"Pack folder '{directory}' does not exist.");
        }

        var config = model is null ? null : ConfigOf(model);
        SamplePack pack;
        try
        {
            pack = SamplePackLoader.Load(directory, new PackLoadOptions(config?.HiddenSize, config?.VocabSize, SkipBad: true, config?.RopeAxes));
        }
        catch (PackValidationException e)
        {
            throw new UsageException(e.Message, e);
        }

        var m = pack.Manifest;
        var s = PackSummary.Of(pack);
        output.WriteLine($"pack {directory}: benchmark '{m.Benchmark}', exported for '{m.Model}', {m.DType}, width {m.HiddenSize}, vocabulary {(m.VocabSize > 0 ? m.VocabSize : "not given")}");
        if (config is not null)
        {
            output.WriteLine($"checked against model '{model}': width {config.HiddenSize}, vocabulary {config.VocabSize}, {(config.RopeAxes == 3 ? "M-RoPE" : "1-D")} positions");
        }

        output.WriteLine($"samples: {s.Samples} valid, {s.Rejected} rejected");
        output.WriteLine($"frames × tokens per frame: {Join(s.Grids)}");
        output.WriteLine($"tasks ({s.Tasks.Count}): {Join(s.Tasks)}");
        output.WriteLine($"durations: {Join(s.Durations)}");
        output.WriteLine($"positions: {Join(s.PositionAxes)}{(s.WithTextEmbeddingRows > 0 ? $"; {s.WithTextEmbeddingRows} with given text-row embeddings" : "")}");
        if (ReadTiming(directory) is { } t)
        {
            output.WriteLine($"export timing (transformers, {t.Samples} samples, {ExportTiming.FileName}): vision p50 {t.VisionMsP50:0.#} ms, LLM prefill p50 {t.LlmMsP50:0.#} ms (PruneBench times the LLM prefill only)");
        }

        foreach (var r in pack.Rejected)
        {
            output.WriteLine($"rejected: sample '{r.SampleId}' ({SamplePackLoader.SamplesFile} line {r.Line}): {r.Reason}");
        }

        if (pack.Rejected.Count > 0 && !skipBad)
        {
            output.WriteLine($"{pack.Rejected.Count} bad sample(s): fix them, or run with --skip-bad-samples to use the {s.Samples} valid ones.");
            return ExitCodes.UsageError;
        }

        return ExitCodes.Ok;
    }

    private static ExportTiming? ReadTiming(string directory)
    {
        try
        {
            return ExportTiming.Read(directory);
        }
        catch (PackValidationException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    private static ModelConfig ConfigOf(string model)
    {
        try
        {
            return ModelPresets.Contains(model) && !Directory.Exists(model)
                ? ModelPresets.Config(model)
                : ModelConfigReader.Read(Path.Combine(ModelResolver.Folder(model), "config.json"));
        }
        catch (CheckpointException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    private static string Join(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(kv => $"{kv.Key} ({kv.Value})"));
}
