using System.Text.Json;
using PruneBench.Benchmarks.Packs;
using PruneBench.Benchmarks.Suites;
using PruneBench.Core.Checkpoints;
using Xunit;

namespace PruneBench.Benchmarks.Tests.Packs;

public sealed class SamplePackLoaderTests : IDisposable
{
    private readonly SynthPackBuilder _pack = new();

    public void Dispose() => _pack.Dispose();

    [Fact]
    public void A_pack_written_from_the_synthetic_suite_loads_back_to_the_same_prompts()
    {
        var suite = new PackSuite(_pack.PackDirectory, skipBad: false);
        var loaded = suite.Samples(_pack.Target).ToList();
        Assert.Equal("synth", suite.Benchmark);
        Assert.Equal(_pack.Samples.Count, loaded.Count);
        for (var i = 0; i < loaded.Count; i++)
        {
            var (a, b) = (_pack.Samples[i], loaded[i]);
            Assert.Equal(a.Id, b.Id);
            Assert.Equal(a.Task, b.Task);
            Assert.Equal(a.Prompt.TokenIds, b.Prompt.TokenIds);
            Assert.Equal(a.Prompt.Layout, b.Prompt.Layout);
            Assert.Equal(a.Prompt.VisualEmbeddings, b.Prompt.VisualEmbeddings);
            Assert.Equal(a.AnswerIndex, b.AnswerIndex);
            Assert.Equal(a.OptionTokenIds, b.OptionTokenIds);
            Assert.Equal(a.RelevantVisualIndices, b.RelevantVisualIndices);
        }

        Assert.Empty(suite.Rejected);
    }

    [Fact]
    public void A_missing_features_file_is_rejected_naming_the_sample()
    {
        File.Delete(Path.Combine(_pack.PackDirectory, "features", _pack.IdOf(3) + ".safetensors"));
        var e = Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory));
        Assert.Contains(_pack.IdOf(3), e.Message, StringComparison.Ordinal);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_narrower_than_the_model_are_rejected_naming_the_sample()
    {
        SafetensorsWriter.Write(
            Path.Combine(_pack.PackDirectory, "features", _pack.IdOf(2) + ".safetensors"),
            [new SafetensorsWriter.Item(PackSample.EmbeddingsTensor, [128, SynthPackBuilder.Hidden - 1], Floats: new float[128 * (SynthPackBuilder.Hidden - 1)])]);
        var e = Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory, new PackLoadOptions(HiddenSize: SynthPackBuilder.Hidden)));
        Assert.Contains(_pack.IdOf(2), e.Message, StringComparison.Ordinal);
        Assert.Contains($"[128,{SynthPackBuilder.Hidden}]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pack_for_another_hidden_size_is_rejected_as_a_whole()
    {
        var e = Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory, new PackLoadOptions(HiddenSize: 64)));
        Assert.Contains("hidden size 64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_visual_span_that_disagrees_with_frames_times_tokens_is_rejected()
    {
        _pack.EditSample(1, r => r.Frames = 500);
        var e = Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory));
        Assert.Contains(_pack.IdOf(1), e.Message, StringComparison.Ordinal);
        Assert.Contains("does not fit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_whose_row_count_disagrees_with_the_span_are_rejected()
    {
        _pack.EditSample(1, r => r.Frames = 7);
        var e = Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory));
        Assert.Contains(_pack.IdOf(1), e.Message, StringComparison.Ordinal);
        Assert.Contains("[112,", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_outside_the_vocabulary_are_rejected()
    {
        _pack.EditSample(4, r => r.InputIds[^1] = 10_000);
        var e = Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory));
        Assert.Contains(_pack.IdOf(4), e.Message, StringComparison.Ordinal);
        Assert.Contains("outside the vocabulary", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_beyond_the_models_vocabulary_are_rejected_even_when_the_pack_allows_them()
    {
        var e = Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory, new PackLoadOptions(VocabSize: 40)));
        Assert.Contains("size 40", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_that_is_not_an_option_is_rejected()
    {
        _pack.EditSample(0, r => r.Answer = 4);
        var e = Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory));
        Assert.Contains("answer 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_ids_and_bad_json_lines_are_rejected()
    {
        _pack.EditSample(5, r => r.Id = _pack.IdOf(4));
        Assert.Contains("twice", Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory)).Message, StringComparison.Ordinal);
        File.AppendAllText(_pack.SamplesPath, "{not json\n");
        var pack = SamplePackLoader.Load(_pack.PackDirectory, new PackLoadOptions(SkipBad: true));
        Assert.Contains(pack.Rejected, r => r.Reason.Contains("not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public void Skipping_bad_samples_keeps_the_rest_and_lists_the_rejected()
    {
        File.Delete(Path.Combine(_pack.PackDirectory, "features", _pack.IdOf(3) + ".safetensors"));
        _pack.EditSample(6, r => r.InputIds[0] = -1);
        var suite = new PackSuite(_pack.PackDirectory, skipBad: true);
        var loaded = suite.Samples(_pack.Target).ToList();
        Assert.Equal(_pack.Samples.Count - 2, loaded.Count);
        Assert.Equal([_pack.IdOf(3), _pack.IdOf(6)], suite.Rejected.Select(r => r.SampleId).ToArray());
        Assert.DoesNotContain(loaded, s => s.Id == _pack.IdOf(3) || s.Id == _pack.IdOf(6));
    }

    [Fact]
    public void A_folder_without_pack_json_is_not_a_pack()
    {
        File.Delete(Path.Combine(_pack.PackDirectory, SamplePackLoader.ManifestFile));
        Assert.Contains("pack.json not found", Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_format_version_is_rejected()
    {
        var path = Path.Combine(_pack.PackDirectory, SamplePackLoader.ManifestFile);
        var manifest = JsonSerializer.Deserialize<PackManifest>(File.ReadAllText(path))!;
        manifest.FormatVersion = 9;
        File.WriteAllText(path, JsonSerializer.Serialize(manifest));
        Assert.Contains("format_version 9", Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory)).Message, StringComparison.Ordinal);
    }

    private static int[][] Axes(int count, int length) => Enumerable.Range(0, count).Select(a => Enumerable.Range(a, length).ToArray()).ToArray();

    [Fact]
    public void M_rope_position_ids_and_given_text_rows_load_into_the_prompt()
    {
        var length = _pack.Samples[0].Prompt.TokenIds.Length;
        var row = length - 1;
        _pack.EditSample(0, r =>
        {
            r.PositionIds = Axes(3, length);
            r.TextEmbeddingRows = [row];
        });
        var features = Path.Combine(_pack.PackDirectory, "features", _pack.IdOf(0) + ".safetensors");
        var visual = _pack.Samples[0].Prompt.VisualEmbeddings;
        var newline = Enumerable.Range(0, SynthPackBuilder.Hidden).Select(i => (float)i).ToArray();
        SafetensorsWriter.Write(features,
        [
            new SafetensorsWriter.Item(PackSample.EmbeddingsTensor, [visual.Length / SynthPackBuilder.Hidden, SynthPackBuilder.Hidden], Floats: visual),
            new SafetensorsWriter.Item(PackSample.TextEmbeddingsTensor, [1, SynthPackBuilder.Hidden], Floats: newline),
        ]);
        var prompt = SamplePackLoader.Load(_pack.PackDirectory, new PackLoadOptions(RopeAxes: 3)).Samples[0].LoadPrompt();
        Assert.Equal(Axes(3, length), prompt.PositionIds);
        Assert.Equal([row], prompt.TextEmbeddings!.Rows);
        Assert.Equal(newline, prompt.TextEmbeddings.Values);
    }

    [Fact]
    public void M_rope_position_ids_whose_count_differs_from_the_prompt_are_rejected_naming_sample_and_field_and_skip_bad_keeps_the_rest()
    {
        var length = _pack.Samples[2].Prompt.TokenIds.Length;
        _pack.EditSample(2, r => r.PositionIds = [.. Axes(2, length), Enumerable.Range(0, length - 5).ToArray()]);
        var e = Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory));
        Assert.Contains($"sample '{_pack.IdOf(2)}'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"position_ids[2] has {length - 5} entries but the prompt has {length} rows (visual span of 128", e.Message, StringComparison.Ordinal);
        var pack = SamplePackLoader.Load(_pack.PackDirectory, new PackLoadOptions(SkipBad: true));
        Assert.Equal(_pack.Samples.Count - 1, pack.Samples.Count);
        Assert.Equal(_pack.IdOf(2), Assert.Single(pack.Rejected).SampleId);
    }

    [Fact]
    public void An_m_rope_pack_given_to_a_1d_rope_model_is_rejected_as_exported_for_another_model()
    {
        _pack.EditSample(1, r => r.PositionIds = Axes(3, r.InputIds.Length));
        var e = Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory, new PackLoadOptions(RopeAxes: 1)));
        Assert.Contains(_pack.IdOf(1), e.Message, StringComparison.Ordinal);
        Assert.Contains("position_ids has 3 axes (M-RoPE) but the model takes 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_embedding_rows_without_their_tensor_are_rejected_naming_the_field()
    {
        _pack.EditSample(3, r => r.TextEmbeddingRows = [r.InputIds.Length - 1]);
        var e = Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory));
        Assert.Contains(_pack.IdOf(3), e.Message, StringComparison.Ordinal);
        Assert.Contains("'text_embeddings' must be f32 [1,24] for the 1 text_embedding_rows", e.Message, StringComparison.Ordinal);
        _pack.EditSample(3, r => r.TextEmbeddingRows = [r.VisualStart]);
        Assert.Contains("text_embedding_rows[0]", Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_letter_outside_the_models_vocabulary_is_rejected_naming_the_sample()
    {
        _pack.EditSample(5, r => r.OptionTokenIds[1] = 5_000);
        var e = Assert.Throws<PackValidationException>(() => SamplePackLoader.Load(_pack.PackDirectory, new PackLoadOptions(SkipBad: false)));
        Assert.Contains(_pack.IdOf(5), e.Message, StringComparison.Ordinal);
        Assert.Contains("option token id 5000 is outside the vocabulary", e.Message, StringComparison.Ordinal);
    }
}
