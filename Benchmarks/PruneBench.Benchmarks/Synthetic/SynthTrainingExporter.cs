using System.Globalization;
using System.Text.Json;
using PruneBench.Core.Checkpoints;

namespace PruneBench.Benchmarks.Synthetic;

/// <summary>
/// Exports a split for the Python trainer (tools/train/train.py). One safetensors file per (task, frames)
/// group, since all prompts of a group have the same length:
/// <code>
/// features      F32 [N, m·n, D_v]   raw visual features (the trainer learns the projector)
/// input_ids     I64 [N, T]          full prompt, visual span = &lt;image&gt;
/// answer        I64 [N]             correct option 0–3
/// relevant      F32 [N, m·n]        1 on the sample's ground-truth relevant visual tokens (training-only attention target)
/// relevant_object I64 [N, m·n]      object id of each relevant token, −1 elsewhere (per-question-word targets)
/// visual_start  I64 [1]             first row of the visual span
/// </code>
/// plus <c>manifest.json</c> (the groups) and <c>vlm.json</c> (the wiring template).
/// </summary>
public static class SynthTrainingExporter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Writes, for every task and every (frames, samples, distractor density) of <paramref name="groups"/>,
    /// that many samples (indices 0…samples−1) into <paramref name="directory"/>. Densities below 1 are
    /// the training curriculum's sparse videos.
    /// </summary>
    public static void Export(
        string directory, SynthSplit split, IReadOnlyList<(int Frames, int Samples, double Density)> groups, int tokensPerFrame, ulong suiteSeed, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(log);
        Directory.CreateDirectory(directory);
        var written = new List<object>();
        foreach (var task in SynthTaskNames.All)
        {
            foreach (var (frames, samplesPerGroup, density) in groups)
            {
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerGroup);
                var file = string.Create(CultureInfo.InvariantCulture, $"{(split == SynthSplit.Test ? "test" : "train")}_{SynthTaskNames.NameOf(task)}_m{frames}_d{density:0.00}.safetensors");
                var (length, visual) = WriteGroup(Path.Combine(directory, file), new SynthSampleKey(task, split, frames, tokensPerFrame, suiteSeed, 0) { DistractorDensity = density }, samplesPerGroup);
                written.Add(new { file, task = SynthTaskNames.NameOf(task), frames, distractor_density = density, tokens_per_frame = tokensPerFrame, samples = samplesPerGroup, prompt_length = length, visual_count = visual });
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: {samplesPerGroup} samples, prompt length {length}"));
            }
        }

        var manifest = new
        {
            split = split == SynthSplit.Test ? "test" : "train",
            suite_seed = suiteSeed,
            feature_dim = SynthFeatureSpace.Dim,
            visual_start = SynthGenerator.PrefixLength,
            option_token_ids = SynthVocabulary.OptionTokenIds,
            object_token_ids = SynthVocabulary.Objects.Select(SynthVocabulary.Vocabulary.Id).ToArray(),
            question_mark_id = SynthVocabulary.Vocabulary.Id("?"),
            vocab_size = SynthVocabulary.Vocabulary.Count,
            groups = written,
        };
        File.WriteAllText(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(manifest, Indented));
        File.WriteAllText(Path.Combine(directory, "vlm.json"), JsonSerializer.Serialize(SynthWiringTemplate.Create(), Indented));
    }

    private static (int Length, int Visual) WriteGroup(string path, SynthSampleKey first, int count)
    {
        var visual = first.Frames * first.TokensPerFrame;
        var rowFloats = visual * SynthFeatureSpace.Dim;
        var length = SynthGenerator.Generate(first).TokenIds.Length;
        var features = new float[(long)count * rowFloats];
        var ids = new long[(long)count * length];
        var answers = new long[count];
        var relevant = new float[(long)count * visual];
        var relevantObject = new long[(long)count * visual];
        Array.Fill(relevantObject, -1L);
        Parallel.For(0, count, i =>
        {
            var s = SynthGenerator.Generate(first with { Index = i });
            if (s.TokenIds.Length != length)
            {
                throw new InvalidOperationException($"Sample {s.Key.Id} has prompt length {s.TokenIds.Length}, its group {length}.");
            }

            s.Features.CopyTo(features.AsSpan(i * rowFloats, rowFloats));

            for (var k = 0; k < length; k++)
            {
                ids[((long)i * length) + k] = s.TokenIds[k];
            }

            answers[i] = s.AnswerIndex;
            for (var r = 0; r < s.RelevantVisualIndices.Length; r++)
            {
                var v = s.RelevantVisualIndices[r];
                relevant[((long)i * visual) + v] = 1f;
                relevantObject[((long)i * visual) + v] = s.RelevantObjectIds[r];
            }
        });

        SafetensorsWriter.Write(path,
        [
            new SafetensorsWriter.Item("features", [count, visual, SynthFeatureSpace.Dim], Floats: features),
            new SafetensorsWriter.Item("input_ids", [count, length], Longs: ids),
            new SafetensorsWriter.Item("answer", [count], Longs: answers),
            new SafetensorsWriter.Item("relevant", [count, visual], Floats: relevant),
            new SafetensorsWriter.Item("relevant_object", [count, visual], Longs: relevantObject),
            new SafetensorsWriter.Item("visual_start", [1], Longs: [SynthGenerator.PrefixLength]),
        ]);
        return (length, visual);
    }
}
