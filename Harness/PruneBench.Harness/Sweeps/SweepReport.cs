namespace PruneBench.Harness.Sweeps;

/// <summary>What <see cref="SweepService"/> prints after the runs, besides the one-line summary.</summary>
public enum SweepReport
{
    /// <summary>The summary line only (run, sweep).</summary>
    Summary,

    /// <summary>The leaderboard, also written to the output folder (demo).</summary>
    Leaderboard,

    /// <summary>The speed table (bench).</summary>
    SpeedTable,
}
