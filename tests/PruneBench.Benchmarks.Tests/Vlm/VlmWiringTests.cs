using PruneBench.Benchmarks.Synthetic;
using PruneBench.Benchmarks.Tests.TestSupport;
using PruneBench.Benchmarks.Vlm;
using Xunit;

namespace PruneBench.Benchmarks.Tests.Vlm;

public sealed class VlmWiringTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_valid_folder_loads_with_the_synthetic_vocabulary_and_projector()
    {
        TestWiring.Write(_dir.Path, hidden: 12);
        var wiring = VlmWiring.Load(_dir.Path);
        Assert.Equal(SynthVocabulary.Vocabulary.Tokens, wiring.Vocabulary.Tokens);
        Assert.Equal(SynthVocabulary.OptionTokenIds, wiring.OptionTokenIds);
        Assert.Equal(SynthFeatureSpace.Dim, wiring.Projector.InputDim);
        Assert.Equal(12, wiring.Projector.OutputDim);
        Assert.Equal(3 * 12, wiring.Projector.Project(new float[3 * SynthFeatureSpace.Dim]).Length);
    }

    [Fact]
    public void The_projector_computes_linear_gelu_linear()
    {
        TestWiring.Write(_dir.Path, hidden: 2, inner: 1, featureDim: 1, edit: f => f.VisualFeatureDim = 1);
        var wiring = VlmWiring.Load(_dir.Path);
        // Recompute by hand from the stored tensors.
        using var file = PruneBench.Core.Checkpoints.SafetensorsFile.Open(Path.Combine(_dir.Path, SynthWiringTemplate.ProjectorFileName));
        var (w1, b1, w2, b2) = (file.ReadFloats("linear_1.weight"), file.ReadFloats("linear_1.bias"), file.ReadFloats("linear_2.weight"), file.ReadFloats("linear_2.bias"));
        var x = 0.7f;
        var h = (w1[0] * x) + b1[0];
        var g = 0.5 * h * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (h + (0.044715 * h * h * h))));
        var y = wiring.Projector.Project([x]);
        Assert.Equal((w2[0] * g) + b2[0], y[0], 5);
        Assert.Equal((w2[1] * g) + b2[1], y[1], 5);
    }

    [Fact]
    public void A_folder_without_vlm_json_is_rejected_naming_the_file()
    {
        Assert.Contains("vlm.json", Assert.Throws<VlmWiringException>(() => VlmWiring.Load(_dir.Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_projector_file_is_rejected()
    {
        TestWiring.Write(_dir.Path, hidden: 8);
        File.Delete(Path.Combine(_dir.Path, SynthWiringTemplate.ProjectorFileName));
        Assert.Contains("projector_file", Assert.Throws<VlmWiringException>(() => VlmWiring.Load(_dir.Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_projector_of_another_input_width_is_rejected()
    {
        TestWiring.Write(_dir.Path, hidden: 8, featureDim: 32);
        Assert.Contains("visual_feature_dim", Assert.Throws<VlmWiringException>(() => VlmWiring.Load(_dir.Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Option_ids_that_disagree_with_the_vocabulary_are_rejected()
    {
        TestWiring.Write(_dir.Path, hidden: 8, edit: f => f.OptionTokenIds[2] = 0);
        Assert.Contains("option_token_ids[2]", Assert.Throws<VlmWiringException>(() => VlmWiring.Load(_dir.Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_format_versions_and_projector_kinds_are_rejected()
    {
        TestWiring.Write(_dir.Path, hidden: 8, edit: f => f.FormatVersion = 2);
        Assert.Contains("format_version 2", Assert.Throws<VlmWiringException>(() => VlmWiring.Load(_dir.Path)).Message, StringComparison.Ordinal);
        TestWiring.Write(_dir.Path, hidden: 8, edit: f => f.ProjectorKind = "qformer");
        Assert.Contains("qformer", Assert.Throws<VlmWiringException>(() => VlmWiring.Load(_dir.Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicated_vocabulary_token_is_rejected()
    {
        TestWiring.Write(_dir.Path, hidden: 8, edit: f => f.Vocabulary[10] = f.Vocabulary[11]);
        Assert.Contains("appears twice", Assert.Throws<VlmWiringException>(() => VlmWiring.Load(_dir.Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wiring_that_does_not_fit_the_model_is_rejected_naming_the_model()
    {
        TestWiring.Write(_dir.Path, hidden: 8);
        var wiring = VlmWiring.Load(_dir.Path);
        Assert.Contains("'m' has hidden size 16", Assert.Throws<VlmWiringException>(() => wiring.CheckFits("m", 16, 1000)).Message, StringComparison.Ordinal);
        Assert.Contains("embeds only 10", Assert.Throws<VlmWiringException>(() => wiring.CheckFits("m", 8, 10)).Message, StringComparison.Ordinal);
    }
}
