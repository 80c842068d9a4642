namespace PruneBench.Harness.Sweeps;

/// <summary>Arguments of <c>prunebench bench</c>: methods at budgets on seeded random prompts, speed only.</summary>
/// <param name="Models">Model folders, shipped names or presets.</param>
/// <param name="Methods">Methods; empty = every built-in method.</param>
/// <param name="Budgets">Budgets; empty = <see cref="DemoDefaults.Budgets"/>.</param>
/// <param name="Frames">Frames m.</param>
/// <param name="TokensPerFrame">Visual tokens per frame n.</param>
/// <param name="Repeats">Prompts timed per configuration (p50/p90 over them).</param>
/// <param name="Output">Output folder.</param>
/// <param name="Device">cpu, cuda or auto.</param>
/// <param name="PluginFolders">Extra plugin folders.</param>
/// <param name="Quiet">No per-run output.</param>
/// <param name="CommandLine">The command line, for sweep.json.</param>
public sealed record BenchRequest(
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Methods,
    IReadOnlyList<double> Budgets,
    int Frames,
    int TokensPerFrame,
    int Repeats,
    string Output,
    string Device,
    IReadOnlyList<string> PluginFolders,
    bool Quiet,
    string CommandLine)
{
    /// <summary>The sweep bench runs: the <c>random</c> benchmark at one slice, seed 0; the speed table is printed after the runs.</summary>
    public SweepRequest ToSweep() => new(
        new SweepSpec(Models, [new BenchmarkAxis("random", [], [Frames], [TokensPerFrame], Repeats)], Methods.Select(m => new MethodAxis(m, [])).ToArray(),
            Budgets.Count > 0 ? Budgets : DemoDefaults.Budgets, [0]),
        Output, Device, PluginFolders, Quiet, CommandLine)
    {
        EveryBuiltinMethod = true,
        Report = SweepReport.SpeedTable,
    };
}
