using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using PruneBench.Harness.Devices;
using PruneBench.Harness.Results;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// <c>sweep --gpus 0,1</c>: one worker process per listed GPU, each with <c>CUDA_VISIBLE_DEVICES</c> set to its GPU and
/// running shard K of N of the grid (<see cref="SweepShard"/>: whole slices, disjoint) into <c>OUT/shard-K</c>; when
/// all have ended, their folders are merged into <c>OUT</c>. The grid is validated once, here, before any worker
/// starts, and written to <c>OUT/sweep.grid.json</c>, which every worker reads. Workers resume like any sweep, so
/// rerunning the command after an interruption finishes only what is missing. Ctrl-C or SIGTERM stop the workers too.
/// </summary>
public static class SweepWorkers
{
    /// <summary>Runs the workers and the merge; exit code: the largest of the workers' (0 ok, 1 a run failed, 2 bad input).</summary>
    /// <exception cref="UsageException">A bad <c>--gpus</c> list, or an output folder that cannot be used.</exception>
    public static int Run(SweepRequest request, SweepPlan plan, TextWriter output)
    {
        var gpus = request.Gpus;
        if (gpus.Distinct(StringComparer.Ordinal).Count() != gpus.Count || gpus.Any(g => g.Length == 0 || g.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-')))
        {
            throw new UsageException($"--gpus '{string.Join(",", gpus)}' is not a list of distinct GPU indices or UUIDs (e.g. 0,1).");
        }

        if (request.Shard.Count > 1)
        {
            throw new UsageException("--gpus shards the grid itself: give --gpus or --shard, not both.");
        }

        var csvPath = Path.Combine(request.Output, SweepService.ResultsFileName);
        var folder = OutputFolder.Prepare(request.Output, [.. ResultsCsvFile.FileNames(SweepService.ResultsFileName), SweepManifest.FileName, SweepGridFile.FileName]);
        using var writer = OutputLock.Acquire(folder, request.CommandLine);
        var models = CheckpointGuard.Check(folder, plan.Runs, File.Exists(csvPath) ? ResultsCsvFile.Read(csvPath) : []);
        var grid = Path.GetFullPath(Path.Combine(folder, SweepGridFile.FileName));
        SweepGridFile.Write(plan.Spec, grid);
        output.WriteLine($"{plan.Runs.Count} runs in {plan.Slices} slices over {gpus.Count} workers (GPUs {string.Join(", ", gpus)}); grid: {grid}");

        var workers = gpus.Select((gpu, k) => Start(request, grid, gpu, k, gpus.Count, output)).ToArray();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Stop(workers));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Stop(workers));
        foreach (var worker in workers)
        {
            worker.WaitForExit();
        }

        var codes = workers.Select(w => w.ExitCode).ToArray();
        foreach (var worker in workers)
        {
            worker.Dispose();
        }

        var shards = Enumerable.Range(0, gpus.Count).Select(k => ShardWorkerCommand.ShardFolder(request.Output, k))
            .Where(f => File.Exists(Path.Combine(f, SweepService.ResultsFileName))).ToArray();
        if (shards.Length > 0)
        {
            MergeService.RunLocked(shards, csvPath, output);
        }

        new SweepManifest("prunebench", GitCommit.Current, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture), request.CommandLine, request.Device,
            $"{gpus.Count} workers: " + string.Join(", ", gpus.Select((g, k) => $"shard-{k} on CUDA_VISIBLE_DEVICES={g}")), plan.Plugins.Assemblies, plan.Spec,
            $"0..{gpus.Count - 1}/{gpus.Count}", plan.Runs.Count, SweepService.ResultsFileName, null, models).Write(folder);
        for (var k = 0; k < codes.Length; k++)
        {
            if (codes[k] != ExitCodes.Ok)
            {
                output.WriteLine($"Worker {k} (GPU {gpus[k]}) exited with code {codes[k]}; its log lines are prefixed [gpu {gpus[k]}].");
            }
        }

        return codes.Max();
    }

    private static Process Start(SweepRequest request, string grid, string gpu, int index, int count, TextWriter output)
    {
        var prefix = SelfInvocation.Prefix();
        var info = new ProcessStartInfo(prefix[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in prefix.Skip(1).Concat(ShardWorkerCommand.Arguments(request, grid, $"{index}/{count}",
                     ShardWorkerCommand.ShardFolder(request.Output, index))))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CUDA_VISIBLE_DEVICES"] = gpu;
        var process = new Process { StartInfo = info };
        var tag = $"[gpu {gpu}] ";
        DataReceivedEventHandler forward = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.WriteLine(tag + e.Data);
                    output.Flush();
                }
            }
        };
        process.OutputDataReceived += forward;
        process.ErrorDataReceived += forward;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // Workers keep every finished row; rerunning the command resumes them.
    private static void Stop(IEnumerable<Process> workers)
    {
        foreach (var worker in workers)
        {
            try
            {
                if (!worker.HasExited)
                {
                    worker.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }
}
