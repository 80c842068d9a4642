using PruneBench.Benchmarks.Packs;
using PruneBench.Benchmarks.Suites;
using PruneBench.Benchmarks.Synthetic;
using PruneBench.Benchmarks.Vlm;
using PruneBench.Harness.Models;
using PruneBench.Harness.Results;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Commands;

/// <summary>Sample packs (a real benchmark's export format) through the CLI, with packs written from the synthetic suite.</summary>
[Collection(nameof(CliCollection))]
public sealed class PackCliTests
{
    private static void WritePack(string directory, int samples, int hiddenSize = 128)
    {
        var wiring = VlmWiring.Load(ModelResolver.Folder("synth-qwen2"));
        var suite = new SynthSuite("synth/needle-color", [SynthTask.NeedleColor], new SynthSuiteOptions(8, 16, samples));
        var manifest = new PackManifest
        {
            FormatVersion = PackManifest.CurrentFormatVersion, Benchmark = "synth-pack", Model = "synth-qwen2", HiddenSize = hiddenSize, DType = "f32",
        };
        SamplePackWriter.Write(directory, manifest, suite.Samples(new SuiteTarget("synth-qwen2", 128, wiring.Vocabulary.Count, wiring)));
    }

    [Fact]
    public void A_pack_runs_like_any_benchmark_with_all_its_samples()
    {
        using var temp = new TempFolder();
        WritePack(temp.File("pack"), samples: 3);

        var result = CliProcess.Run(300, "run", "-m", "synth-qwen2", "-b", $"pack:{temp.File("pack")}", "--method", "fastv", "--budget", "0.75",
            "--device", "cpu", "--out", temp.File("out"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = ResultsAssert.Complete(temp.File("out"), 2);
        Assert.All(rows, r => Assert.Equal((RunStatus.Ok, 3, "all", 0), (r.Status, r.NSamples, r.Task, r.Frames)));
        Assert.All(rows, r => Assert.NotNull(r.Accuracy));
    }

    [Fact]
    public void A_pack_for_another_width_is_refused_before_anything_runs()
    {
        using var temp = new TempFolder();
        WritePack(temp.File("pack"), samples: 1, hiddenSize: 64);

        var result = CliProcess.Run(120, "run", "-m", "synth-qwen2", "-b", $"pack:{temp.File("pack")}", "--method", "fastv", "--out", temp.File("out"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("hidden", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void A_pack_with_a_missing_features_file_is_refused_or_run_without_that_sample_on_request()
    {
        using var temp = new TempFolder();
        WritePack(temp.File("pack"), samples: 3);
        File.Delete(Directory.EnumerateFiles(Path.Combine(temp.File("pack"), "features")).Order(StringComparer.Ordinal).First());
        string[] run = ["run", "-m", "synth-qwen2", "-b", $"pack:{temp.File("pack")}", "--method", "fastv", "--budget", "0.75", "--device", "cpu"];

        var refused = CliProcess.Run(120, [.. run, "--out", temp.File("refused")]);
        var skipped = CliProcess.Run(300, [.. run, "--out", temp.File("skipped"), "--skip-bad-samples"]);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("--skip-bad-samples", refused.Error, StringComparison.Ordinal);
        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        Assert.All(ResultsAssert.Complete(temp.File("skipped"), 2), r => Assert.Equal(2, r.NSamples));
    }
}
