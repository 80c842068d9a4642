using PruneBench.Core.Checkpoints;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Commands;

[Collection(nameof(CliCollection))]
public sealed class InferCliTests
{
    [Theory]
    [InlineData("llama")]
    [InlineData("nemotron_h_groups")]
    public void Infer_dumps_logits_and_hidden_states_that_match_the_transformers_reference(string fixture)
    {
        using var temp = new TempFolder();
        var reference = Path.Combine(RepositoryPaths.Fixture(fixture), "reference.safetensors");

        var result = CliProcess.Run(120, "infer", "-m", RepositoryPaths.Fixture(fixture), "-i", reference, "-d", temp.Path, "--hidden", "--device", "cpu");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("within 1e-4 × max|logit|", result.Output, StringComparison.Ordinal);
        using var dump = SafetensorsFile.Open(temp.File("logits.safetensors"));
        using var expected = SafetensorsFile.Open(reference);
        Assert.Equal(expected.Entry("last_logits").Shape, dump.Entry("last_logits").Shape);
        var tokens = expected.Entry("input_ids").Shape[0];
        var hidden = dump.Entry("hidden_states").Shape;
        Assert.Equal(tokens, hidden[1]);
        Assert.Equal(expected.Entry("visual_embeds").Shape[1], hidden[2]);
    }

    [Fact]
    public void Visual_embeddings_of_the_wrong_width_name_the_file_and_tensor()
    {
        using var temp = new TempFolder();
        var visual = temp.File("visual.safetensors");
        SafetensorsWriter.Write(visual, [new SafetensorsWriter.Item("visual_embeds", [24, 32], new float[24 * 32])]);

        var result = CliProcess.Run(60, "infer", "-m", RepositoryPaths.Fixture("llama"), "-i", Path.Combine(RepositoryPaths.Fixture("llama"), "reference.safetensors"),
            "--visual", visual, "-d", temp.File("out"), "--device", "cpu");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"'{visual}': tensor 'visual_embeds' has shape [24, 32], but the model's hidden_size is 64", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void An_input_file_without_input_ids_is_a_usage_error_naming_the_tensor()
    {
        using var temp = new TempFolder();
        var input = temp.File("input.safetensors");
        SafetensorsWriter.Write(input, [new SafetensorsWriter.Item("visual_start", [1], Longs: [0])]);

        var result = CliProcess.Run(60, "infer", "-m", RepositoryPaths.Fixture("llama"), "-i", input, "-d", temp.File("out"), "--device", "cpu");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("tensor 'input_ids' not found", result.Error, StringComparison.Ordinal);
    }
}
