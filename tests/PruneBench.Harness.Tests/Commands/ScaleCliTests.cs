using System.Diagnostics;
using System.Text.Json;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Commands;

/// <summary>Several GPUs and clusters, checked on the CPU: the workers of --gpus and the tasks of an emitted Slurm array, merged, equal the unsharded sweep.</summary>
[Collection(nameof(CliCollection))]
public sealed class ScaleCliTests(SampleReducerBuild sample)
{
    // 2 models × (baseline + 2 layer settings × 3 budgets) = 14 runs in 2 slices.
    private string[] Sweep(string output, params string[] more) => SweepOn("cpu", output, more);

    private string[] SweepOn(string device, string output, params string[] more) =>
    [
        "sweep", "-m", RepositoryPaths.Fixture("llama"), "-m", RepositoryPaths.Fixture("nemotron_h_groups"), "--benchmark", "random", "--samples", "2",
        "--methods", "stride", "--param", "stride:layer=0", "--param", "stride:layer=1", "--budgets", "0.6,0.75,0.9",
        "--plugins", sample.OutputFolder, "--device", device, "--out", output, .. more,
    ];

    [Fact]
    public void Two_gpu_workers_on_two_gpus_merge_into_the_unsharded_sweep_bit_for_bit_timing_aside()
    {
        if (GpuCount() < 2)
        {
            Assert.Skip("Needs two NVIDIA GPUs (nvidia-smi -L lists fewer): run on the 2-GPU machine.");
        }

        using var temp = new TempFolder();
        var whole = CliProcess.Run(600, SweepOn("cuda", temp.File("whole")));

        var workers = CliProcess.Run(600, SweepOn("cuda", temp.File("gpus"), "--gpus", "0,1"));

        Assert.True(whole.ExitCode + workers.ExitCode == 0, $"{whole}\n{workers}");
        Assert.All(ResultsAssert.Complete(temp.File("gpus"), 14), r => Assert.Equal("cuda", r.Device));
        ResultsAssert.SameApartFromMeasurements(temp.File("whole"), temp.File("gpus"));
    }

    [Fact]
    public void Two_gpu_workers_run_with_the_cpu_device_merge_into_the_unsharded_sweep()
    {
        using var temp = new TempFolder();
        var whole = CliProcess.Run(300, Sweep(temp.File("whole")));

        var workers = CliProcess.Run(300, Sweep(temp.File("gpus"), "--gpus", "0,1"));

        Assert.True(whole.ExitCode + workers.ExitCode == 0, $"{whole}\n{workers}");
        Assert.Contains("14 runs in 2 slices over 2 workers (GPUs 0, 1)", workers.Output, StringComparison.Ordinal);
        Assert.Contains("[gpu 1] ", workers.Output, StringComparison.Ordinal);
        ResultsAssert.Complete(temp.File("gpus"), 14);
        ResultsAssert.SameApartFromMeasurements(temp.File("whole"), temp.File("gpus"));
        foreach (var k in new[] { 0, 1 })
        {
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("gpus"), $"shard-{k}", "sweep.json")));
            Assert.Equal((k.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{k}/2"),
                (manifest.RootElement.GetProperty("cuda_visible_devices").GetString(), manifest.RootElement.GetProperty("shard").GetString()));
            Assert.Equal(7, ResultsAssert.Complete(Path.Combine(temp.File("gpus"), $"shard-{k}"), 7).Count);
        }
    }

    [Fact]
    public void An_emitted_slurm_array_run_as_local_processes_merges_into_the_unsharded_sweep()
    {
        using var temp = new TempFolder();
        var whole = CliProcess.Run(300, Sweep(temp.File("whole")));

        var emit = CliProcess.Run(60, Sweep(temp.File("slurm"), "--emit", "slurm", "--shards", "3"));

        Assert.True(whole.ExitCode + emit.ExitCode == 0, $"{whole}\n{emit}");
        var scripts = Path.Combine(temp.File("slurm"), "slurm");
        var array = File.ReadAllText(Path.Combine(scripts, "sweep.sbatch"));
        Assert.Contains("#SBATCH --array=0-2\n", array, StringComparison.Ordinal);
        Assert.Contains("--shard \"$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT\"", array, StringComparison.Ordinal);
        Assert.DoesNotContain("--gres", array, StringComparison.Ordinal); // --device cpu asks for no GPU
        Assert.False(File.Exists(Path.Combine(temp.File("slurm"), "results.csv")), "--emit must not run the sweep");
        // What Slurm does: each array task in its own process with its index, then the merge job.
        foreach (var k in new[] { 2, 0, 1 })
        {
            var task = Bash(Path.Combine(scripts, "sweep.sbatch"), ("SLURM_ARRAY_TASK_ID", k.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("SLURM_ARRAY_TASK_COUNT", "3"));
            Assert.True(task.ExitCode == 0, task.ToString());
        }

        var merge = Bash(Path.Combine(scripts, "merge.sbatch"));
        Assert.True(merge.ExitCode == 0, merge.ToString());
        // Two slices over three shards: one shard is empty, and still merges.
        Assert.Contains("Merged 3 result folders", merge.Output, StringComparison.Ordinal);
        ResultsAssert.Complete(temp.File("slurm"), 14);
        ResultsAssert.SameApartFromMeasurements(temp.File("whole"), temp.File("slurm"));
    }

    [Fact]
    public void Gpus_together_with_shard_is_a_usage_error()
    {
        using var temp = new TempFolder();

        var result = CliProcess.Run(60, Sweep(temp.File("out"), "--gpus", "0,1", "--shard", "0/2"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("give --gpus or --shard, not both", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    private static int GpuCount()
    {
        try
        {
            using var smi = Process.Start(new ProcessStartInfo("nvidia-smi", ["-L"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var lines = smi.StandardOutput.ReadToEnd().Split('\n').Count(l => l.StartsWith("GPU ", StringComparison.Ordinal));
            smi.WaitForExit();
            return smi.ExitCode == 0 ? lines : 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 0; // no nvidia-smi
        }
    }

    private static CliProcess.Result Bash(string script, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["CI"] = "true";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(300)), $"bash {script} ran past 300 s");
        return new CliProcess.Result(process.ExitCode, output.Result, error.Result);
    }
}
