using System.Text;
using PruneBench.Harness.Results;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// <c>sweep --emit slurm [--shards N]</c>: writes, instead of running, a Slurm job array for the grid into
/// <c>OUT/slurm/</c> — <c>sweep.sbatch</c> (task K runs <c>--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT</c> into
/// <c>OUT/shard-K</c>, one GPU each unless <c>--device cpu</c>), <c>merge.sbatch</c> (joins the shards into
/// <c>OUT</c>) and <c>submit.sh</c> (submits the array, then the merge with <c>--dependency=afterany</c>, so a
/// shard with a failed run still gets merged) — and the grid, <c>OUT/sweep.grid.json</c>, that every task reads.
/// The scripts <c>cd</c> to the current folder first, so relative model and plugin paths mean what they mean here.
/// Outside Slurm the same scripts run with bash and the two variables set (docs/scale.md).
/// </summary>
public static class SlurmScript
{
    /// <summary>Folder of the scripts under the output folder.</summary>
    public const string FolderName = "slurm";

    /// <summary>Writes the scripts and the grid; returns exit code 0.</summary>
    /// <exception cref="UsageException">An unknown <c>--emit</c> target, a bad <c>--shards</c>, or <c>--shard</c>/<c>--gpus</c> given too.</exception>
    public static int Emit(SweepRequest request, SweepPlan plan, TextWriter output)
    {
        if (request.Emit != "slurm")
        {
            throw new UsageException($"--emit '{request.Emit}' is not a known target; the one target is slurm (Kubernetes indexed jobs: docs/scale.md).");
        }

        if (request.Shard.Count > 1 || request.Gpus.Count > 0)
        {
            throw new UsageException("--emit writes an array job over shards: give it without --shard and --gpus.");
        }

        var shards = request.EmitShards ?? plan.Slices;
        if (shards < 1)
        {
            throw new UsageException($"--shards {shards} must be at least 1.");
        }

        var folder = OutputFolder.Prepare(request.Output, SweepGridFile.FileName);
        var scripts = Path.Combine(folder, FolderName);
        Directory.CreateDirectory(scripts);
        var grid = Path.GetFullPath(Path.Combine(folder, SweepGridFile.FileName));
        SweepGridFile.Write(plan.Spec, grid);
        var outFull = Path.GetFullPath(folder);
        var scriptsFull = Path.GetFullPath(scripts);
        var program = string.Join(' ', SelfInvocation.Prefix().Select(Quote));
        var cd = $"cd {Quote(Directory.GetCurrentDirectory())}";

        // Quoting: the shard and output arguments keep their $SLURM_… variables for the shell to expand.
        var worker = ShardWorkerCommand.Arguments(request, grid, "@SHARD@", "@OUT@")
            .Select(a => a switch
            {
                "@SHARD@" => "\"$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT\"",
                "@OUT@" => $"{Quote(outFull + Path.DirectorySeparatorChar + "shard-")}\"$SLURM_ARRAY_TASK_ID\"",
                _ => Quote(a),
            });
        var sweep = new StringBuilder()
            .Append("#!/bin/bash\n")
            .Append($"# prunebench sweep as a Slurm job array: task K of {shards} runs shard K/{shards} of {Quote(grid)} into {Quote(outFull)}/shard-K.\n")
            .Append("# Submit with submit.sh (the array, then merge.sbatch). Without Slurm: SLURM_ARRAY_TASK_ID=K SLURM_ARRAY_TASK_COUNT=N bash sweep.sbatch\n")
            .Append("#SBATCH --job-name=prunebench-sweep\n")
            .Append($"#SBATCH --array=0-{shards - 1}\n")
            .Append(request.Device == "cpu" ? "" : "#SBATCH --gres=gpu:1\n")
            .Append($"#SBATCH --output={scriptsFull}/shard-%a.log\n")
            .Append("set -euo pipefail\n")
            .Append(cd).Append('\n')
            .Append("exec ").Append(program).Append(' ').AppendJoin(' ', worker).Append('\n');
        var merge = new StringBuilder()
            .Append("#!/bin/bash\n")
            .Append($"# Joins the {shards} shard folders of sweep.sbatch into {Quote(outFull)} (every run id once).\n")
            .Append("#SBATCH --job-name=prunebench-merge\n")
            .Append($"#SBATCH --output={scriptsFull}/merge.log\n")
            .Append("set -euo pipefail\n")
            .Append(cd).Append('\n')
            .Append("exec ").Append(program).Append(" merge ")
            .AppendJoin(' ', Enumerable.Range(0, shards).Select(k => Quote(ShardWorkerCommand.ShardFolder(outFull, k))))
            .Append(" --out ").Append(Quote(outFull)).Append('\n');
        var submit = new StringBuilder()
            .Append("#!/bin/bash\n")
            .Append("# Submits the array, then the merge once every array task has ended (afterany: a shard with a failed run is merged too).\n")
            .Append("set -euo pipefail\n")
            .Append($"array=$(sbatch --parsable {Quote(Path.Combine(scriptsFull, "sweep.sbatch"))})\n")
            .Append($"sbatch --dependency=afterany:\"${{array%%;*}}\" {Quote(Path.Combine(scriptsFull, "merge.sbatch"))}\n")
            .Append("echo \"Submitted array job ${array%%;*} and its merge.\"\n");
        Write(Path.Combine(scripts, "sweep.sbatch"), sweep.ToString());
        Write(Path.Combine(scripts, "merge.sbatch"), merge.ToString());
        Write(Path.Combine(scripts, "submit.sh"), submit.ToString());
        output.WriteLine($"Wrote a Slurm array of {shards} tasks over {plan.Runs.Count} runs ({plan.Slices} slices): {scriptsFull}/sweep.sbatch, merge.sbatch; submit with: bash {Quote(Path.Combine(scriptsFull, "submit.sh"))}");
        return ExitCodes.Ok;
    }

    /// <summary><paramref name="text"/> as one bash word: as it is when it has no special character, else single-quoted.</summary>
    private static string Quote(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "_./:=,@%+-".Contains(c, StringComparison.Ordinal))
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Write(string path, string text)
    {
        File.WriteAllText(path, text, new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }
}
