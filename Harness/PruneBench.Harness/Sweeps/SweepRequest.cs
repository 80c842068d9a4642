namespace PruneBench.Harness.Sweeps;

/// <summary>A sweep to run: the grid and where and how to run it (what <c>run</c>, <c>sweep</c>, <c>bench</c> and <c>demo</c> hand to <see cref="SweepService"/>).</summary>
/// <param name="Spec">The grid as given (benchmark defaults not yet filled in).</param>
/// <param name="Output">Output folder (results.csv, results.predictions.jsonl, sweep.json).</param>
/// <param name="Device">cpu, cuda or auto.</param>
/// <param name="PluginFolders">Extra plugin folders or files (the tool's own plugins/ is always loaded).</param>
/// <param name="Quiet">No per-run output (failures are still printed).</param>
/// <param name="CommandLine">The command line, stored in sweep.json.</param>
public sealed record SweepRequest(SweepSpec Spec, string Output, string Device, IReadOnlyList<string> PluginFolders, bool Quiet, string CommandLine)
{
    /// <summary>The part of the grid this process runs.</summary>
    public SweepShard Shard { get; init; } = SweepShard.All;

    /// <summary>Sample packs (<c>pack:DIR</c>) run their valid samples and skip invalid ones.</summary>
    public bool SkipBadSamples { get; init; }

    /// <summary>When <see cref="SweepSpec.Methods"/> is empty, sweep every built-in method (demo, bench) instead of refusing.</summary>
    public bool EveryBuiltinMethod { get; init; }

    /// <summary>What is printed after the runs.</summary>
    public SweepReport Report { get; init; } = SweepReport.Summary;

    /// <summary><c>--gpus</c>: one worker process per listed device (its <c>CUDA_VISIBLE_DEVICES</c>) over disjoint shards, then a merge; empty = this process runs the grid.</summary>
    public IReadOnlyList<string> Gpus { get; init; } = [];

    /// <summary><c>--emit slurm</c>: write a Slurm array script (and its merge) for this grid instead of running it; null = run.</summary>
    public string? Emit { get; init; }

    /// <summary><c>--shards N</c> of <c>--emit</c>: array tasks; null = one per slice.</summary>
    public int? EmitShards { get; init; }
}
