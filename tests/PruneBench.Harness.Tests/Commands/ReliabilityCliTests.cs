using System.Diagnostics;
using PruneBench.Harness.Models;
using PruneBench.Harness.Results;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Commands;

/// <summary>The defects of issue 14, each reproduced on the built prunebench: retries, plugin builds, the output lock, one-line errors.</summary>
[Collection(nameof(CliCollection))]
public sealed class ReliabilityCliTests(SampleReducerBuild sample)
{
    private string[] Stride(string model, string output, params string[] more) =>
    [
        "sweep", "-m", model, "--benchmark", "random", "--samples", "2", "--methods", "stride", "--budgets", "0.9",
        "--plugins", sample.OutputFolder, "--device", "cpu", "--out", output, .. more,
    ];

    private static string BrokenModel(TempFolder temp)
    {
        var broken = temp.File("broken");
        Directory.CreateDirectory(broken);
        File.Copy(Path.Combine(RepositoryPaths.Fixture("llama"), "config.json"), Path.Combine(broken, "config.json"));
        File.WriteAllBytes(Path.Combine(broken, "model.safetensors"), [1, 2, 3]);
        return broken;
    }

    [Fact]
    public void A_failed_run_is_run_again_once_its_cause_is_fixed_and_its_row_replaced()
    {
        using var temp = new TempFolder();
        var broken = BrokenModel(temp);
        var first = CliProcess.Run(300, Stride(broken, temp.File("out")));
        File.Copy(Path.Combine(RepositoryPaths.Fixture("llama"), "model.safetensors"), Path.Combine(broken, "model.safetensors"), overwrite: true);

        var second = CliProcess.Run(300, Stride(broken, temp.File("out")));

        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("2 runs: 2 ok, 0 failed, 0 skipped, 2 failed before and run again.", second.Output, StringComparison.Ordinal);
        Assert.All(ResultsAssert.Complete(temp.File("out"), 2), r => Assert.Equal(RunStatus.Ok, r.Status));
    }

    [Fact]
    public void A_checkpoint_changed_under_finished_rows_is_refused_naming_the_model_and_the_rows_are_kept()
    {
        using var temp = new TempFolder();
        var model = temp.File("model");
        Directory.CreateDirectory(model);
        foreach (var file in new[] { "config.json", "model.safetensors" })
        {
            File.Copy(Path.Combine(RepositoryPaths.Fixture("llama"), file), Path.Combine(model, file));
        }

        var first = CliProcess.Run(300, Stride(model, temp.File("out")));
        var results = Path.Combine(temp.File("out"), "results.csv");
        var written = File.ReadAllText(results);
        // "Retrained": the last weight's exponent changes (the model still loads; only its content differs).
        var weights = File.ReadAllBytes(Path.Combine(model, "model.safetensors"));
        weights[^1] ^= 0x01;
        File.WriteAllBytes(Path.Combine(model, "model.safetensors"), weights);

        var second = CliProcess.Run(300, Stride(model, temp.File("out")));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 2, second.ToString());
        Assert.Contains($"Model '{model}' changed since the rows in", second.Error, StringComparison.Ordinal);
        Assert.Contains("its 2 finished runs would be compared with runs on the new checkpoint", second.Error, StringComparison.Ordinal);
        Assert.Single(second.Error.Trim().Split('\n'));
        Assert.Equal(written, File.ReadAllText(results));
    }

    [Fact]
    public void Quiet_still_prints_why_a_run_failed()
    {
        using var temp = new TempFolder();

        var result = CliProcess.Run(300, Stride(BrokenModel(temp), temp.File("out"), "--quiet"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"failed: broken · random/random 8×16 · none · seed 0: \w+: .*model\.safetensors", result.Output);
        Assert.DoesNotContain("[1/2]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plugin_rebuilt_at_another_commit_is_measured_again_and_the_baseline_kept()
    {
        using var temp = new TempFolder();
        var plugin = temp.File("plugin");
        PluginAssemblies.CopyFolder(sample.OutputFolder, plugin);
        string[] run = ["run", "-m", RepositoryPaths.Fixture("llama"), "-b", "random", "--samples", "1", "--method", "stride", "--budget", "0.9",
            "--plugins", plugin, "--device", "cpu", "--out", temp.File("out")];
        var first = CliProcess.Run(300, run);
        PluginAssemblies.Restamp(Path.Combine(plugin, "SampleReducer.dll"));

        var second = CliProcess.Run(300, run);

        Assert.True(first.ExitCode + second.ExitCode == 0, $"{first}\n{second}");
        Assert.Contains("2 runs: 1 ok, 0 failed, 0 skipped, 1 already done.", second.Output, StringComparison.Ordinal);
        var rows = ResultsAssert.Complete(temp.File("out"), 3);
        Assert.Equal(["none", "stride", "stride"], rows.Select(r => r.Method));
    }

    [Fact]
    public void A_second_writer_to_the_same_output_folder_is_refused_naming_the_holder()
    {
        using var temp = new TempFolder();
        string[] sweep = ["sweep", "-m", RepositoryPaths.Fixture("llama"), "--benchmark", "random", "--samples", "10", "--frames", "32",
            "--methods", "stride", "--budgets", "0.6,0.75,0.9", "--plugins", sample.OutputFolder, "--device", "cpu", "--out", temp.Path];
        using var holder = CliProcess.Start(sweep);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(temp.File(OutputLock.HolderName)))
            {
                Assert.False(holder.HasExited, "the first sweep ended before a second could start");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "no lock after 60 s");
                Thread.Sleep(20);
            }

            var second = CliProcess.Run(60, sweep);

            Assert.True(second.ExitCode == 2, second.ToString());
            Assert.StartsWith($"error: Output folder '{temp.Path}' is in use by prunebench pid {holder.Id} on ", second.Error, StringComparison.Ordinal);
            Assert.Single(second.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.True(File.Exists(temp.File(OutputLock.LockName)), "the refused writer removed the holder's lock file");
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
        }

        // kill -9 leaves the files, but the operating system released the lock: the next writer resumes.
        var resumed = CliProcess.Run(300, sweep);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        ResultsAssert.Complete(temp.Path, 4);
        Assert.False(File.Exists(temp.File(OutputLock.LockName)), "a normal end removes the lock file");
    }

    [Fact]
    public void A_folder_named_results_csv_in_the_output_folder_is_a_one_line_usage_error_before_anything_is_written()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("results.csv"));

        var result = CliProcess.Run(60, Stride(RepositoryPaths.Fixture("llama"), temp.Path));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"error: Output folder '{temp.Path}' holds a folder named 'results.csv' where prunebench writes a file: move it away or choose another --out.",
            result.Error.Trim());
        Assert.Equal(["results.csv"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void An_unclosed_bracket_in_a_sweep_file_is_a_one_line_usage_error_naming_its_line()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("s.yaml"), "benchmarks: [random]\nmodels: [tests/fixtures/llama\nmethods: [stride]\n");

        var result = CliProcess.Run(60, "sweep", "-f", temp.File("s.yaml"), "--out", temp.File("out"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"error: {temp.File("s.yaml")}: line 2: this '[' is never closed (expected ']').", result.Error.Trim());
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void A_slice_size_out_of_range_is_a_one_line_usage_error_without_dotnet_texts()
    {
        using var temp = new TempFolder();

        var result = CliProcess.Run(60, "run", "-m", "synth-qwen2", "--method", "fastv", "--frames", "0", "--out", temp.File("out"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("error: Benchmark 'synth': Synthetic frames must be in 8…512 (got 0).", result.Error.Trim());
    }

    [Fact]
    public void A_preset_too_large_for_the_memory_of_the_cpu_is_refused_before_anything_runs()
    {
        var needed = MemoryPreflight.Parameters(PruneBench.Core.Models.ModelPresets.Config("nemotron-nano-12b-v2")) * 4;
        if (MemoryPreflight.AvailableBytes() > needed)
        {
            Assert.Skip("This machine has the memory for the 12B preset on the CPU: the refusal cannot be observed.");
        }

        using var temp = new TempFolder();

        var result = CliProcess.Run(60, "bench", "-m", "nemotron-nano-12b-v2", "--device", "auto", "--out", temp.File("out"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Matches(@"^error: Model 'nemotron-nano-12b-v2' needs at least 45\.9 GiB on the CPU \(12\.31 B parameters × 4 bytes, fp32 weights alone\), but \d+\.\d GiB is available\.",
            result.Error);
        Assert.False(Directory.Exists(temp.File("out")));
    }
}
