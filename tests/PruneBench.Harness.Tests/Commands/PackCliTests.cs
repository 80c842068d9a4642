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

    private static (int ExitCode, string Output, string Error) Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = PruneBench.Harness.Commands.CliApplication.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static void EditLine(string pack, int index, Func<string, string> edit)
    {
        var path = Path.Combine(pack, SamplePackLoader.SamplesFile);
        var lines = File.ReadAllLines(path);
        lines[index] = edit(lines[index]);
        File.WriteAllLines(path, lines);
    }

    [Fact]
    public void Pack_check_prints_samples_grid_width_and_tasks_without_running()
    {
        using var temp = new TempFolder();
        WritePack(temp.File("pack"), samples: 3);
        File.WriteAllText(Path.Combine(temp.File("pack"), ExportTiming.FileName), "id,vision_ms,llm_ms\na,120,40\nb,100,30\nc,140,50\n");

        var (code, output, error) = Cli("pack", "check", temp.File("pack"), "--model", "synth-qwen2");

        Assert.True(code == 0, output + error);
        Assert.Contains("benchmark 'synth-pack', exported for 'synth-qwen2', f32, width 128", output, StringComparison.Ordinal);
        Assert.Contains("samples: 3 valid, 0 rejected", output, StringComparison.Ordinal);
        Assert.Contains("frames × tokens per frame: 8 × 16 (3)", output, StringComparison.Ordinal);
        Assert.Contains("tasks (1): needle-color (3)", output, StringComparison.Ordinal);
        Assert.Contains("positions: 1-D (3)", output, StringComparison.Ordinal);
        Assert.Contains("export timing (transformers, 3 samples, export_timing.csv): vision p50 120 ms, LLM prefill p50 40 ms", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_check_lists_each_bad_sample_with_its_field_and_exits_2_unless_bad_samples_may_be_skipped()
    {
        using var temp = new TempFolder();
        WritePack(temp.File("pack"), samples: 3);
        EditLine(temp.File("pack"), 0, l => l.Replace("\"option_token_ids\":[", "\"option_token_ids\":[99999,", StringComparison.Ordinal));
        EditLine(temp.File("pack"), 2, l => l.Replace("\"position_ids\":null", "\"position_ids\":[[0],[0],[0]]", StringComparison.Ordinal));

        var refused = Cli("pack", "check", temp.File("pack"), "-m", "synth-qwen2");
        var skipped = Cli("pack", "check", temp.File("pack"), "-m", "synth-qwen2", "--skip-bad-samples");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("samples: 1 valid, 2 rejected", refused.Output, StringComparison.Ordinal);
        Assert.Contains("line 1): option token id 99999 is outside the vocabulary", refused.Output, StringComparison.Ordinal);
        Assert.Contains("line 3): position_ids has 3 axes (M-RoPE) but the model takes 1", refused.Output, StringComparison.Ordinal);
        Assert.Equal(0, skipped.ExitCode);
    }

    [Fact]
    public void Pack_check_refuses_a_pack_made_for_another_width_and_a_missing_folder()
    {
        using var temp = new TempFolder();
        WritePack(temp.File("pack"), samples: 1, hiddenSize: 64);

        var wrongWidth = Cli("pack", "check", temp.File("pack"), "-m", "synth-qwen2");
        var missing = Cli("pack", "check", temp.File("nope"));

        Assert.Equal(2, wrongWidth.ExitCode);
        Assert.Contains("exported for hidden size 64", wrongWidth.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_questions_writes_the_normalised_jsonl_and_refuses_a_bad_record_unless_skipping()
    {
        using var temp = new TempFolder();
        var root = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "annotations", "longvideobench");
        var bad = temp.File("lvb_val.json");
        File.WriteAllText(bad, File.ReadAllText(Path.Combine(root, "lvb_val.json")).Replace("\"correct_choice\": 1", "\"correct_choice\": 7", StringComparison.Ordinal));
        string[] args = ["pack", "questions", "-b", "longvideobench", "--videos", Path.Combine(root, "videos")];

        var good = Cli([.. args, "-a", Path.Combine(root, "lvb_val.json"), "-o", temp.File("good.jsonl")]);
        var refused = Cli([.. args, "-a", bad, "-o", temp.File("refused.jsonl")]);
        var skipped = Cli([.. args, "-a", bad, "-o", temp.File("skipped.jsonl"), "--skip-bad-samples"]);

        Assert.True(good.ExitCode == 0, good.Output + good.Error);
        Assert.Contains("longvideobench: 2 questions written", good.Output, StringComparison.Ordinal);
        Assert.Contains("frame sampling for the export: uniform", good.Output, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(temp.File("good.jsonl")).Length);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("record 2 ('fakeLVB02_0'): field 'correct_choice' = 7", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("refused.jsonl")));
        Assert.Equal(0, skipped.ExitCode);
        Assert.Single(File.ReadAllLines(temp.File("skipped.jsonl")));
    }
}
