using System.Diagnostics;
using PruneBench.Harness.Results;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Commands;

/// <summary>The built prunebench run as a process: resumability under real kills, determinism, bad input.</summary>
[Collection(nameof(CliCollection))]
public sealed class SweepCliTests(SampleReducerBuild sample)
{
    // 2 models × (baseline + 2 layer settings × 3 budgets) = 14 runs of `samples` random prompts of m frames × 16 tokens.
    private string[] Sweep(string output, int samples, int frames = 8) =>
    [
        "sweep", "-m", RepositoryPaths.Fixture("llama"), "-m", RepositoryPaths.Fixture("nemotron_h_groups"),
        "--benchmark", "random", "--samples", samples.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--frames", frames.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--methods", "stride", "--param", "stride:layer=0", "--param", "stride:layer=1", "--budgets", "0.6,0.75,0.9",
        "--plugins", sample.OutputFolder, "--device", "cpu", "--out", output,
    ];

    private const int SweepRuns = 14;

    [Theory]
    [InlineData("KILL")]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void A_sweep_killed_mid_way_and_restarted_loses_and_duplicates_nothing(string signal)
    {
        using var temp = new TempFolder();
        var csv = temp.File("results.csv");
        using (var process = CliProcess.Start(Sweep(temp.Path, samples: 10, frames: 32)))
        {
            var clock = Stopwatch.StartNew();
            while (DataRows(csv) < 3)
            {
                if (process.HasExited)
                {
                    Assert.Fail($"sweep ended before it could be killed: {process.StandardError.ReadToEnd()}");
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), "no rows after 120 s");
                Thread.Sleep(20);
            }

            var atSignal = DataRows(csv);
            Signal(process, signal);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"SIG{signal} did not stop the sweep");
            Assert.True(DataRows(csv) < SweepRuns, $"{atSignal} rows at SIG{signal}, {DataRows(csv)} after exit code {process.ExitCode}");
        }

        var partial = DataRows(csv);
        Assert.InRange(partial, 3, SweepRuns - 1);

        var resumed = CliProcess.Run(300, Sweep(temp.Path, samples: 10, frames: 32));

        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains($"{partial} of {SweepRuns} runs already in the results file", resumed.Output, StringComparison.Ordinal);
        var rows = ResultsAssert.Complete(temp.Path, SweepRuns);
        Assert.All(rows, r => Assert.Equal(RunStatus.Ok, r.Status));
    }

    [Fact]
    public void A_row_cut_in_the_middle_by_a_kill_is_removed_and_its_run_done_again()
    {
        using var temp = new TempFolder();
        var first = CliProcess.Run(300, Sweep(temp.Path, samples: 2));
        var csv = temp.File("results.csv");
        var bytes = File.ReadAllBytes(csv);
        var lastLine = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length - 2) + 1;
        File.WriteAllBytes(csv, bytes[..(lastLine + 20)]);

        var resumed = CliProcess.Run(300, Sweep(temp.Path, samples: 2));

        Assert.True(first.ExitCode == 0 && resumed.ExitCode == 0, $"{first}\n{resumed}");
        Assert.Contains("Removed a partial last line (20 bytes)", resumed.Output, StringComparison.Ordinal);
        Assert.Contains($"{SweepRuns - 1} of {SweepRuns} runs already in the results file", resumed.Output, StringComparison.Ordinal);
        ResultsAssert.Complete(temp.Path, SweepRuns);
    }

    [Fact]
    public void The_same_seed_gives_the_same_csv_apart_from_timing_columns()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        var a = CliProcess.Run(300, Sweep(first.Path, samples: 3));
        var b = CliProcess.Run(300, Sweep(second.Path, samples: 3));

        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.True(b.ExitCode == 0, b.ToString());
        var left = File.ReadAllLines(first.File("results.csv"));
        var right = File.ReadAllLines(second.File("results.csv"));
        Assert.Equal(left.Length, right.Length);
        var kept = ResultsSchema.Columns.Select((c, i) => (c, i)).Where(x => !ResultsSchema.MeasuredColumns.Contains(x.c)).Select(x => x.i).ToArray();
        for (var line = 0; line < left.Length; line++)
        {
            var l = left[line].Split(',');
            var r = right[line].Split(',');
            Assert.Equal(kept.Select(i => l[i]), kept.Select(i => r[i]));
        }

        Assert.NotEqual(File.ReadAllText(first.File("results.csv")), File.ReadAllText(second.File("results.csv")));
    }

    [Fact]
    public void A_run_that_throws_gives_a_failed_row_the_sweep_goes_on_and_the_exit_code_is_1()
    {
        using var temp = new TempFolder();
        var broken = temp.File("broken");
        Directory.CreateDirectory(broken);
        File.Copy(Path.Combine(RepositoryPaths.Fixture("llama"), "config.json"), Path.Combine(broken, "config.json"));
        File.WriteAllBytes(Path.Combine(broken, "model.safetensors"), [1, 2, 3]);

        var result = CliProcess.Run(300, "sweep", "-m", broken, "-m", RepositoryPaths.Fixture("llama"), "--benchmark", "random", "--samples", "2",
            "--methods", "stride", "--budgets", "0.9", "--plugins", sample.OutputFolder, "--device", "cpu", "--out", temp.File("out"));

        Assert.True(result.ExitCode == 1, result.ToString());
        var rows = ResultsAssert.Complete(temp.File("out"), 4);
        Assert.All(rows.Where(r => r.Model == "broken"), r => Assert.Equal(RunStatus.Failed, r.Status));
        Assert.Contains("model.safetensors", rows[0].Error, StringComparison.Ordinal);
        Assert.All(rows.Where(r => r.Model == "llama"), r => Assert.Equal(RunStatus.Ok, r.Status));
    }

    [Fact]
    public void A_setting_the_model_cannot_realise_is_a_skipped_row_with_the_methods_reason()
    {
        using var temp = new TempFolder();

        // stride at budget 0.3 with layer 2 is out of reach on the 3-layer llama fixture.
        var result = CliProcess.Run(300, "run", "-m", RepositoryPaths.Fixture("llama"), "--benchmark", "random", "--samples", "2",
            "--method", "stride", "--params", "layer=2", "--budget", "0.3", "--plugins", sample.OutputFolder, "--device", "cpu", "--out", temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = ResultsAssert.Complete(temp.Path, 2);
        Assert.Equal((RunStatus.Skipped, "not applicable: stride: budget 0.3 is below what layers 0..1 already use; lower 'layer'."), (rows[1].Status, rows[1].Error));
    }

    [Fact]
    public void A_parameter_value_outside_the_methods_schema_is_a_usage_error()
    {
        using var temp = new TempFolder();

        var result = CliProcess.Run(60, "sweep", "-m", RepositoryPaths.Fixture("llama"), "-b", "random", "--methods", "stride", "--param", "stride:stride=0",
            "--plugins", sample.OutputFolder, "--out", temp.File("out"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error: stride: parameter 'stride' = 0 is outside [1, inf). (see prunebench plugins inspect stride)", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void Shards_run_apart_and_merged_equal_the_whole_sweep()
    {
        using var temp = new TempFolder();
        var whole = CliProcess.Run(300, Sweep(temp.File("whole"), samples: 2));
        var shard0 = CliProcess.Run(300, [.. Sweep(temp.File("s0"), samples: 2), "--shard", "0/2"]);
        var shard1 = CliProcess.Run(300, [.. Sweep(temp.File("s1"), samples: 2), "--shard", "1/2"]);

        var merge = CliProcess.Run(60, "merge", temp.File("s0"), temp.File("s1"), "-o", temp.File("merged"));
        var again = CliProcess.Run(60, "merge", temp.File("s0"), temp.File("s1"), "-o", temp.File("merged"));

        Assert.True(whole.ExitCode + shard0.ExitCode + shard1.ExitCode + merge.ExitCode == 0, $"{whole}\n{shard0}\n{shard1}\n{merge}");
        Assert.Equal(7, ResultsAssert.Complete(temp.File("s0"), 7).Count);
        var merged = ResultsAssert.Complete(temp.File("merged"), SweepRuns);
        Assert.Equal(ResultsCsvFile.Read(temp.File("whole/results.csv")).Select(r => r.RunId).Order(), merged.Select(r => r.RunId).Order());
        Assert.Contains("0 rows added, 14 in total; 14 duplicate rows dropped (14 already there, 0 repeated in the sources; same run id).", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_folder_is_a_usage_error_and_nothing_is_written()
    {
        using var temp = new TempFolder();
        var output = temp.File("out");

        var result = CliProcess.Run(60, "sweep", "-m", "no/such/model", "--methods", "stride", "--plugins", sample.OutputFolder, "--out", output);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Model 'no/such/model' not found", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void An_unknown_benchmark_is_a_usage_error_listing_the_known_ones()
    {
        using var temp = new TempFolder();

        var result = CliProcess.Run(60, "sweep", "-m", RepositoryPaths.Fixture("llama"), "--benchmark", "videomme", "--methods", "stride",
            "--plugins", sample.OutputFolder, "--out", temp.File("out"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Unknown benchmark 'videomme'. Known benchmarks: synth, synth-hop, random, pack:DIR", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void The_synthetic_benchmark_on_a_shipped_model_fills_accuracy_agreement_and_needle_recall()
    {
        using var temp = new TempFolder();

        var result = CliProcess.Run(300, "run", "-m", "synth-nemotronh", "-b", "synth", "--task", "needle-color", "--frames", "8", "--samples", "3",
            "--method", "fastv", "--budget", "0.75", "--device", "cpu", "--out", temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = ResultsAssert.Complete(temp.Path, 2);
        Assert.All(rows, r => Assert.Equal(("synth-nemotronh", "hybrid", "synth", "needle-color", RunStatus.Ok), (r.Model, r.ModelFamily, r.Benchmark, r.Task, r.Status)));
        Assert.All(rows, r => Assert.InRange(r.Accuracy!.Value, 0, 1));
        Assert.Equal(1.0, rows[0].NeedleRecallFinal);
        Assert.InRange(rows[1].NeedleRecallFinal!.Value, 0, 1);
        Assert.InRange(rows[1].AgreementWithBaseline!.Value, 0, 1);
    }

    [Fact]
    public void The_synthetic_benchmark_on_a_model_without_its_wiring_is_a_usage_error()
    {
        using var temp = new TempFolder();

        var result = CliProcess.Run(60, "run", "-m", RepositoryPaths.Fixture("llama"), "-b", "synth", "--method", "fastv", "--out", temp.File("out"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Benchmark 'synth' needs a model wired for it (vlm.json", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void A_sweep_file_with_a_typo_is_a_usage_error_naming_file_line_and_key()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("s.yaml"), $"models: [{RepositoryPaths.Fixture("llama")}]\nbenchmarks: [random]\nmethods: [stride]\nbudgets: [0.5]\nseed: [1]\n");

        var result = CliProcess.Run(60, "sweep", "-f", temp.File("s.yaml"), "--out", temp.File("out"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{temp.File("s.yaml")}: line 5: unknown key 'seed' in the top level (did you mean 'seeds'?)", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Theory]
    [InlineData("run", "--budget", "1.5")]
    [InlineData("sweep", "--budgets", "0.5,0")]
    public void A_budget_outside_zero_one_is_a_usage_error_from_either_option(string command, string option, string budgets)
    {
        using var temp = new TempFolder();

        var result = CliProcess.Run(60, command, "-m", RepositoryPaths.Fixture("llama"), "-b", "random", command == "run" ? "--method" : "--methods", "stride",
            option, budgets, "--plugins", sample.OutputFolder, "--out", temp.File("out"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Budgets (--budget, --budgets or the sweep file's 'budgets'): budget ", result.Error, StringComparison.Ordinal);
        Assert.Contains(" is outside (0, 1]", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void An_output_folder_that_cannot_be_written_is_a_usage_error()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("file"), "");
        var output = Path.Combine(temp.File("file"), "out");

        var result = CliProcess.Run(60, "run", "-m", RepositoryPaths.Fixture("llama"), "-b", "random", "--method", "stride", "--plugins", sample.OutputFolder, "--out", output);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"Output folder '{output}' is not writable", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_results_csv_of_an_older_schema_is_refused_and_left_as_it_was()
    {
        using var temp = new TempFolder();
        var old = "run_id,model,method,accuracy\nabc,llama,fastv,0.5\n";
        File.WriteAllText(temp.File("results.csv"), old);

        var result = CliProcess.Run(60, "run", "-m", RepositoryPaths.Fixture("llama"), "-b", "random", "--method", "stride", "--plugins", sample.OutputFolder,
            "--device", "cpu", "--out", temp.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("has a header from another results schema", result.Error, StringComparison.Ordinal);
        Assert.Equal(old, File.ReadAllText(temp.File("results.csv")));
        Assert.Equal(["results.csv"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_gpu_backend_without_a_usable_gpu_is_a_usage_error_naming_the_library_and_auto_falls_back_to_the_cpu()
    {
        if (PruneBench.Core.Backends.Cuda.CudaBackend.TryCreate(out var gpu, out _))
        {
            gpu!.Dispose();
            Assert.Skip("A GPU is usable here: the no-GPU behaviour cannot be observed.");
        }

        using var temp = new TempFolder();
        string[] run = ["run", "-m", RepositoryPaths.Fixture("llama"), "-b", "random", "--method", "stride", "--samples", "1", "--plugins", sample.OutputFolder];

        var cuda = CliProcess.Run(60, [.. run, "--backend", "cuda", "--out", temp.File("cuda")]);
        var torch = CliProcess.Run(60, [.. run, "--backend", "torch", "--out", temp.File("torch")]);
        var auto = CliProcess.Run(120, [.. run, "--device", "auto", "--out", temp.File("auto")]);

        Assert.True(cuda.ExitCode == 2, cuda.ToString());
        Assert.Matches("--backend cuda: libtorch not found: .*; CUDA unavailable: ", cuda.Error);
        Assert.False(Directory.Exists(temp.File("cuda")));
        Assert.True(torch.ExitCode == 2, torch.ToString());
        Assert.Contains("--backend torch: libtorch not found: ", torch.Error, StringComparison.Ordinal);
        Assert.Contains("PRUNEBENCH_LIBTORCH", torch.Error, StringComparison.Ordinal);
        Assert.True(auto.ExitCode == 0, auto.ToString());
        Assert.Matches("libtorch not found: .*; CUDA unavailable: .*; using the CPU.", auto.Output);
        Assert.All(ResultsAssert.Complete(temp.File("auto"), 2), r => Assert.Equal(("cpu", "cpu", "fp32"), (r.Device, r.Backend, r.DType)));
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error()
    {
        var result = CliProcess.Run(60, "sweep", "--budget", "0.5");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Run 'prunebench sweep --help' for usage.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_resolved_grid_and_commit_are_stored_beside_the_results()
    {
        using var temp = new TempFolder();

        var result = CliProcess.Run(300, "run", "-m", RepositoryPaths.Fixture("llama"), "--benchmark", "random", "--samples", "1", "--method", "stride",
            "--budget", "0.9", "--plugins", sample.OutputFolder, "--device", "cpu", "--out", temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(temp.File("sweep.json")));
        var root = manifest.RootElement;
        Assert.Matches("^([0-9a-f]{40}|unknown)$", root.GetProperty("git_commit").GetString());
        Assert.Equal(8, root.GetProperty("spec").GetProperty("benchmarks")[0].GetProperty("frames")[0].GetInt32());
        Assert.Equal(2, root.GetProperty("runs").GetInt32());
        Assert.Equal("cpu", root.GetProperty("device").GetString());
    }

    private static int DataRows(string csv)
    {
        if (!File.Exists(csv))
        {
            return 0;
        }

        using var stream = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return Math.Max(0, reader.ReadToEnd().Count(c => c == '\n') - 1);
    }

    private static void Signal(Process process, string signal)
    {
        if (signal == "KILL")
        {
            process.Kill();
            return;
        }

        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
