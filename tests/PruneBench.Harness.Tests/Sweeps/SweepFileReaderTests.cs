using PruneBench.Harness.Sweeps;
using Xunit;

namespace PruneBench.Harness.Tests.Sweeps;

public sealed class SweepFileReaderTests
{
    private const string Yaml = """
        models: [synth-qwen2, synth-nemotronh]
        benchmarks:
          - name: synth
            tasks: [needle-color, temporal]
            frames: [64, 128]
            tokens_per_frame: 16
            samples: 50
          - random
        methods:
          - fastv
          - name: random
            params: { k: [0, 2], ratio: 0.5 }
        budgets: [0.25, 0.5]
        seeds: [0, 1]
        output: results/x
        device: cpu
        """;

    [Fact]
    public void A_yaml_sweep_file_is_read_completely()
    {
        var file = SweepFileReader.Parse(Yaml, "s.yaml");

        Assert.Equal(["synth-qwen2", "synth-nemotronh"], file.Spec.Models);
        var synth = file.Spec.Benchmarks[0];
        Assert.Equal(("synth", 50), (synth.Name, synth.Samples!.Value));
        Assert.Equal([64, 128], synth.Frames);
        Assert.Equal([16], synth.TokensPerFrame);
        var random = file.Spec.Benchmarks[1];
        Assert.Equal(("random", 0, 0, null), (random.Name, random.Tasks.Count, random.Frames.Count, random.Samples));
        Assert.Equal(["k", "ratio"], file.Spec.Methods[1].Parameters.Select(p => p.Key));
        Assert.Equal(["0", "2"], file.Spec.Methods[1].Parameters[0].Value);
        Assert.Equal([0.25, 0.5], file.Spec.Budgets);
        Assert.Equal([0, 1], file.Spec.Seeds);
        Assert.Equal(("results/x", "cpu"), (file.Output, file.Device));
    }

    [Fact]
    public void A_json_sweep_file_is_read_the_same_way()
    {
        const string json = """
            { "models": ["m"], "benchmarks": [{"name": "random", "frames": [8]}],
              "methods": [{"name": "fastv", "params": {"k": [2, 3]}}], "budgets": [0.5] }
            """;

        var spec = SweepFileReader.Parse(json, "s.json").Spec;

        Assert.Equal(["m"], spec.Models);
        Assert.Equal([8], spec.Benchmarks[0].Frames);
        Assert.Equal(["2", "3"], spec.Methods[0].Parameters[0].Value);
        Assert.Equal([0], spec.Seeds);
    }

    [Fact]
    public void A_misspelt_key_is_an_error_naming_file_line_key_and_the_likely_key()
    {
        var text = Yaml.Replace("tokens_per_frame: 16", "token_per_frame: 16", StringComparison.Ordinal);

        var e = Assert.Throws<SweepFileException>(() => SweepFileReader.Parse(text, "s.yaml"));

        Assert.Equal("s.yaml: line 6: unknown key 'token_per_frame' in a benchmark (did you mean 'tokens_per_frame'?). Allowed: name, tasks, frames, tokens_per_frame, samples.", e.Message);
    }

    [Fact]
    public void An_unknown_top_level_key_is_an_error()
    {
        var e = Assert.Throws<SweepFileException>(() => SweepFileReader.Parse("models: [m]\nbudget: [0.5]\n", "s.yaml"));

        Assert.Contains("line 2: unknown key 'budget' in the top level (did you mean 'budgets'?)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("models: [m]\nbenchmarks: [random]\nmethods: [fastv]\nseeds: [x]\n", "'seeds' value 'x' is not an integer")]
    [InlineData("models: [m]\nbenchmarks: [random]\nmethods: [fastv]\ndevice: tpu\n", "device 'tpu' is not one of cpu, cuda, auto")]
    [InlineData("models: [m]\nbenchmarks: [random]\n", "'methods' must list at least one method")]
    [InlineData("models: [m\n", "s.yaml: line")]
    public void Bad_values_are_errors_naming_what_is_wrong(string text, string expected)
    {
        var e = Assert.Throws<SweepFileException>(() => SweepFileReader.Parse(text, "s.yaml"));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
