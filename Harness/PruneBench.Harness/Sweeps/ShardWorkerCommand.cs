namespace PruneBench.Harness.Sweeps;

/// <summary>
/// The command one shard worker runs, for <c>sweep --gpus</c> (local processes) and <c>sweep --emit slurm</c> (array
/// tasks): <c>prunebench sweep -f GRID --shard K/N --out SHARD_FOLDER</c> with the request's device, plugins and flags.
/// </summary>
public static class ShardWorkerCommand
{
    /// <summary>Arguments after the program (<see cref="SelfInvocation.Prefix"/>); shard and output may be shell expressions in a script.</summary>
    public static IReadOnlyList<string> Arguments(SweepRequest request, string gridFile, string shard, string output)
    {
        var args = new List<string> { "sweep", "--file", gridFile, "--shard", shard, "--out", output, "--device", request.Device };
        foreach (var plugin in request.PluginFolders)
        {
            args.AddRange(["--plugins", Path.GetFullPath(plugin)]);
        }

        if (request.SkipBadSamples)
        {
            args.Add("--skip-bad-samples");
        }

        if (request.Quiet)
        {
            args.Add("--quiet");
        }

        return args;
    }

    /// <summary>The folder of shard <paramref name="index"/> under the sweep's output folder.</summary>
    public static string ShardFolder(string output, int index) => Path.Combine(output, $"shard-{index}");
}
