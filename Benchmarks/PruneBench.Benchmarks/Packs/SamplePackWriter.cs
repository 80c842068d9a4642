using System.Text.Json;
using PruneBench.Benchmarks.Suites;
using PruneBench.Core.Checkpoints;

namespace PruneBench.Benchmarks.Packs;

/// <summary>
/// Writes samples as a pack (fp32 features). Used to turn the synthetic suite into a pack that goes
/// through <see cref="SamplePackLoader"/> exactly as a real benchmark's pack does; real packs come from
/// tools/export/export_pack.py.
/// </summary>
public static class SamplePackWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes pack.json, samples.jsonl and features/ into <paramref name="directory"/>.</summary>
    public static void Write(string directory, PackManifest manifest, IEnumerable<BenchmarkSample> samples)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(samples);
        Directory.CreateDirectory(Path.Combine(directory, SamplePackLoader.FeaturesFolder));
        File.WriteAllText(Path.Combine(directory, SamplePackLoader.ManifestFile), JsonSerializer.Serialize(manifest, Indented));
        using var lines = new StreamWriter(Path.Combine(directory, SamplePackLoader.SamplesFile));
        foreach (var s in samples)
        {
            var layout = s.Prompt.Layout;
            var record = new PackSampleRecord
            {
                Id = s.Id,
                Task = s.Task,
                InputIds = s.Prompt.TokenIds,
                VisualStart = layout.PrefixLength,
                Frames = layout.Frames,
                TokensPerFrame = layout.TokensPerFrame,
                GridRows = layout.GridRows,
                OptionTokenIds = s.OptionTokenIds,
                Answer = s.AnswerIndex,
                Duration = s.DurationBucket,
                RelevantVisualIndices = s.RelevantVisualIndices.Length > 0 ? s.RelevantVisualIndices : null,
                PositionIds = s.Prompt.PositionIds,
                TextEmbeddingRows = s.Prompt.TextEmbeddings?.Rows,
            };
            lines.WriteLine(JsonSerializer.Serialize(record));
            var tensors = new List<SafetensorsWriter.Item> { new(PackSample.EmbeddingsTensor, [layout.VisualCount, manifest.HiddenSize], Floats: s.Prompt.VisualEmbeddings) };
            if (s.Prompt.TextEmbeddings is { } text)
            {
                tensors.Add(new(PackSample.TextEmbeddingsTensor, [text.Rows.Length, manifest.HiddenSize], Floats: text.Values));
            }

            SafetensorsWriter.Write(Path.Combine(directory, SamplePackLoader.FeaturesFolder, s.Id + ".safetensors"), tensors);
        }
    }
}
