namespace PruneBench.Harness.Sweeps;

/// <summary>A sweep to run: the grid and where and how to run it.</summary>
/// <param name="Spec">The grid as given (benchmark defaults not yet filled in).</param>
/// <param name="Output">Output folder (results.csv, results.predictions.jsonl, sweep.json).</param>
/// <param name="Device">cpu, cuda or auto.</param>
/// <param name="PluginFolders">Extra plugin folders or files (the tool's own plugins/ is always loaded).</param>
/// <param name="Quiet">No per-run output.</param>
/// <param name="CommandLine">The command line, stored in sweep.json.</param>
/// <param name="Shard">The part of the grid this process runs (<see cref="SweepShard.All"/> by default).</param>
public sealed record SweepRequest(SweepSpec Spec, string Output, string Device, IReadOnlyList<string> PluginFolders, bool Quiet, string CommandLine,
    SweepShard? Shard = null);
