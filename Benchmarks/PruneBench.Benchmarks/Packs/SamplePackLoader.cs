using System.Text.Json;
using PruneBench.Abstractions.Tokens;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Tensors;

namespace PruneBench.Benchmarks.Packs;

/// <summary>
/// Reads a sample pack folder (<c>pack.json</c>, <c>samples.jsonl</c>, <c>features/&lt;id&gt;.safetensors</c>)
/// and validates every sample before anything runs: span inside the prompt and equal to m·n, ids inside
/// the vocabulary, options and answer consistent, features present with shape [m·n, hidden] where hidden
/// is the model's. Pack-level faults always throw; a bad sample throws naming it, or with
/// <see cref="PackLoadOptions.SkipBad"/> is listed in <see cref="SamplePack.Rejected"/> and the rest is kept.
/// </summary>
public static class SamplePackLoader
{
    /// <summary>pack.json.</summary>
    public const string ManifestFile = "pack.json";

    /// <summary>samples.jsonl.</summary>
    public const string SamplesFile = "samples.jsonl";

    /// <summary>Folder of the per-sample feature files.</summary>
    public const string FeaturesFolder = "features";

    private static readonly string[] DurationBuckets = ["short", "medium", "long"];

    /// <summary>Loads and validates the pack in <paramref name="directory"/>.</summary>
    /// <exception cref="PackValidationException">The pack, or (unless skipping) one of its samples, is invalid.</exception>
    public static SamplePack Load(string directory, PackLoadOptions? options = null)
    {
        options ??= new PackLoadOptions();
        var manifest = ReadManifest(directory, options);
        var samplesPath = Path.Combine(directory, SamplesFile);
        if (!File.Exists(samplesPath))
        {
            throw new PackValidationException($"Pack {directory}: {SamplesFile} not found.");
        }

        var hidden = options.HiddenSize ?? manifest.HiddenSize;
        var vocab = VocabularyLimit(manifest, options);
        var samples = new List<PackSample>();
        var rejected = new List<PackRejection>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(samplesPath))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            PackSampleRecord? record = null;
            try
            {
                record = JsonSerializer.Deserialize<PackSampleRecord>(line)
                    ?? throw new PackValidationException("the line is JSON null");
                samples.Add(Validate(directory, record, manifest, hidden, vocab, options.RopeAxes, seen));
            }
            catch (Exception e) when (e is PackValidationException or JsonException or CheckpointException)
            {
                var id = string.IsNullOrEmpty(record?.Id) ? $"line {lineNumber}" : record.Id;
                var reason = e is JsonException ? $"not valid JSON ({e.Message})" : e.Message;
                if (!options.SkipBad)
                {
                    throw new PackValidationException($"Pack {directory}: sample '{id}' ({SamplesFile} line {lineNumber}): {reason}", e);
                }

                rejected.Add(new PackRejection(id, lineNumber, reason));
            }
        }

        return new SamplePack(directory, manifest, samples, rejected);
    }

    private static PackManifest ReadManifest(string directory, PackLoadOptions options)
    {
        var path = Path.Combine(directory, ManifestFile);
        if (!File.Exists(path))
        {
            throw new PackValidationException($"Pack {directory}: {ManifestFile} not found (is this a sample pack folder?).");
        }

        PackManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PackManifest>(File.ReadAllText(path))
                ?? throw new PackValidationException($"Pack {directory}: {ManifestFile} is empty.");
        }
        catch (JsonException e)
        {
            throw new PackValidationException($"Pack {directory}: {ManifestFile} is not valid JSON ({e.Message}).", e);
        }

        if (manifest.FormatVersion != PackManifest.CurrentFormatVersion)
        {
            throw new PackValidationException(
                $"Pack {directory}: {ManifestFile} format_version {manifest.FormatVersion} is not supported (expected {PackManifest.CurrentFormatVersion}).");
        }

        if (manifest.HiddenSize <= 0)
        {
            throw new PackValidationException($"Pack {directory}: {ManifestFile} hidden_size must be positive, got {manifest.HiddenSize}.");
        }

        if (options.HiddenSize is { } modelHidden && modelHidden != manifest.HiddenSize)
        {
            throw new PackValidationException(
                $"Pack {directory} was exported for hidden size {manifest.HiddenSize} (model '{manifest.Model}') but the model has hidden size {modelHidden}.");
        }

        if (manifest.DType is not ("f32" or "f16" or "bf16"))
        {
            throw new PackValidationException($"Pack {directory}: {ManifestFile} dtype '{manifest.DType}' is not one of f32, f16, bf16.");
        }

        return manifest;
    }

    private static int VocabularyLimit(PackManifest manifest, PackLoadOptions options)
    {
        var limit = int.MaxValue;
        if (manifest.VocabSize > 0)
        {
            limit = manifest.VocabSize;
        }

        if (options.VocabSize is { } model)
        {
            limit = Math.Min(limit, model);
        }

        return limit;
    }

    private static PackSample Validate(
        string directory, PackSampleRecord r, PackManifest manifest, int hidden, int vocab, int? ropeAxes, HashSet<string> seen)
    {
        if (string.IsNullOrEmpty(r.Id) || !r.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || r.Id.StartsWith('.'))
        {
            throw new PackValidationException($"id '{r.Id}' must be non-empty ASCII letters, digits, '-', '_' or '.' (it names the feature file)");
        }

        if (!seen.Add(r.Id))
        {
            throw new PackValidationException("the id appears twice in the pack");
        }

        if (r.Frames <= 0 || r.TokensPerFrame <= 0)
        {
            throw new PackValidationException($"frames ({r.Frames}) and tokens_per_frame ({r.TokensPerFrame}) must be positive");
        }

        var visual = (long)r.Frames * r.TokensPerFrame;
        if (r.VisualStart < 0 || r.VisualStart + visual > r.InputIds.Length)
        {
            throw new PackValidationException(
                $"visual span [{r.VisualStart}, {r.VisualStart + visual}) of frames × tokens_per_frame = {r.Frames} × {r.TokensPerFrame} does not fit in the {r.InputIds.Length} input_ids");
        }

        if (r.VisualStart + visual == r.InputIds.Length)
        {
            throw new PackValidationException("the prompt ends with the visual span; the question and answer prompt must follow it");
        }

        var textRows = r.TextEmbeddingRows ?? [];
        for (var i = 0; i < textRows.Length; i++)
        {
            var row = textRows[i];
            if (row < 0 || row >= r.InputIds.Length || (row >= r.VisualStart && row < r.VisualStart + visual) || (i > 0 && row <= textRows[i - 1]))
            {
                throw new PackValidationException(
                    $"text_embedding_rows[{i}] = {row} must be ascending, inside the {r.InputIds.Length} input_ids and outside the visual span [{r.VisualStart}, {r.VisualStart + visual})");
            }
        }

        CheckPositions(r, visual, ropeAxes);
        for (var i = 0; i < r.InputIds.Length; i++)
        {
            var inSpan = i >= r.VisualStart && i < r.VisualStart + visual;
            if (!inSpan && Array.BinarySearch(textRows, i) < 0 && (r.InputIds[i] < 0 || r.InputIds[i] >= vocab))
            {
                throw new PackValidationException($"input_ids[{i}] = {r.InputIds[i]} is outside the vocabulary (size {vocab})");
            }
        }

        if (r.OptionTokenIds.Length < 2)
        {
            throw new PackValidationException($"option_token_ids must list at least 2 options, got {r.OptionTokenIds.Length}");
        }

        foreach (var id in r.OptionTokenIds)
        {
            if (id < 0 || id >= vocab)
            {
                throw new PackValidationException($"option token id {id} is outside the vocabulary (size {vocab})");
            }
        }

        if (r.Answer < 0 || r.Answer >= r.OptionTokenIds.Length)
        {
            throw new PackValidationException($"answer {r.Answer} is not an option index (0…{r.OptionTokenIds.Length - 1})");
        }

        if (r.Duration is not null && !DurationBuckets.Contains(r.Duration))
        {
            throw new PackValidationException($"duration '{r.Duration}' is not one of short, medium, long");
        }

        if (r.RelevantVisualIndices is { } relevant)
        {
            for (var i = 0; i < relevant.Length; i++)
            {
                if (relevant[i] < 0 || relevant[i] >= visual || (i > 0 && relevant[i] <= relevant[i - 1]))
                {
                    throw new PackValidationException($"relevant_visual_indices must be ascending within 0…{visual - 1}; entry {i} is {relevant[i]}");
                }
            }
        }

        if (r.GridRows < 0 || (r.GridRows > 0 && r.TokensPerFrame % r.GridRows != 0))
        {
            throw new PackValidationException($"grid_rows {r.GridRows} does not divide tokens_per_frame {r.TokensPerFrame}");
        }

        var suffix = r.InputIds.Length - r.VisualStart - (int)visual;
        var layout = r.GridRows > 0
            ? new SampleLayout(r.VisualStart, r.Frames, r.TokensPerFrame, suffix, r.GridRows, r.TokensPerFrame / r.GridRows)
            : SampleLayout.WithSquareGrid(r.VisualStart, r.Frames, r.TokensPerFrame, suffix);
        var featuresPath = Path.Combine(directory, FeaturesFolder, r.Id + ".safetensors");
        CheckFeatures(featuresPath, manifest, visual, textRows.Length, hidden);
        return new PackSample(r, layout, featuresPath);
    }

    /// <summary>position_ids: 1 or 3 axes (M-RoPE), the model's count when known, one id per prompt row on every axis.</summary>
    private static void CheckPositions(PackSampleRecord r, long visual, int? ropeAxes)
    {
        if (r.PositionIds is not { } axes)
        {
            return;
        }

        if (axes.Length is not (1 or 3))
        {
            throw new PackValidationException($"position_ids has {axes.Length} axes; expected 1 or 3 (t, h, w for M-RoPE)");
        }

        if (ropeAxes is { } model && axes.Length != 1 && axes.Length != model)
        {
            throw new PackValidationException(
                $"position_ids has {axes.Length} axes (M-RoPE) but the model takes {model} (1-D RoPE): the pack was exported for another model");
        }

        for (var a = 0; a < axes.Length; a++)
        {
            if (axes[a] is null || axes[a].Length != r.InputIds.Length)
            {
                throw new PackValidationException(
                    $"position_ids[{a}] has {axes[a]?.Length ?? 0} entries but the prompt has {r.InputIds.Length} rows (visual span of {visual} = frames × tokens_per_frame, plus text)");
            }

            if (axes[a].Any(p => p < 0))
            {
                throw new PackValidationException($"position_ids[{a}] holds a negative id");
            }
        }
    }

    private static void CheckFeatures(string path, PackManifest manifest, long visual, int textRows, int hidden)
    {
        if (!File.Exists(path))
        {
            throw new PackValidationException($"features file {path} is missing");
        }

        using var file = SafetensorsFile.Open(path);
        if (!file.Entries.TryGetValue(PackSample.EmbeddingsTensor, out var entry))
        {
            throw new PackValidationException($"{path} has no '{PackSample.EmbeddingsTensor}' tensor");
        }

        if (entry.Shape is not [var rows, var width] || rows != visual || width != hidden)
        {
            throw new PackValidationException(
                $"{path}: '{PackSample.EmbeddingsTensor}' is {entry.ShapeText} but the sample needs [{visual},{hidden}] (frames × tokens_per_frame, model hidden size)");
        }

        var expected = manifest.DType switch
        {
            "f16" => DType.F16,
            "bf16" => DType.BF16,
            _ => DType.F32,
        };
        if (entry.DType != expected)
        {
            throw new PackValidationException($"{path}: '{PackSample.EmbeddingsTensor}' is {entry.DType} but pack.json says dtype {manifest.DType}");
        }

        if (textRows == 0)
        {
            return;
        }

        if (!file.Entries.TryGetValue(PackSample.TextEmbeddingsTensor, out var text) || text.Shape is not [var k, var w] || k != textRows || w != hidden || text.DType != expected)
        {
            throw new PackValidationException(
                $"{path}: '{PackSample.TextEmbeddingsTensor}' must be {manifest.DType} [{textRows},{hidden}] for the {textRows} text_embedding_rows");
        }
    }
}
