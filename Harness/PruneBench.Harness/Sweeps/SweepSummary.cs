namespace PruneBench.Harness.Sweeps;

/// <summary>Counts of one sweep invocation.</summary>
/// <param name="Total">Runs in the grid.</param>
/// <param name="Resumed">Runs already in the results file as ok or skipped (not rerun).</param>
/// <param name="Ok">Runs that finished now.</param>
/// <param name="Failed">Runs whose method or engine threw.</param>
/// <param name="Skipped">Runs that did not fit on the device or that the method cannot realise on the model.</param>
/// <param name="Retried">Runs whose earlier row was <c>failed</c> and that ran again now (their row replaced).</param>
public sealed record SweepSummary(int Total, int Resumed, int Ok, int Failed, int Skipped, int Retried = 0)
{
    /// <summary>One line for the console.</summary>
    public override string ToString() =>
        $"{Total} runs: {Ok} ok, {Failed} failed, {Skipped} skipped" + (Resumed > 0 ? $", {Resumed} already done" : "")
        + (Retried > 0 ? $", {Retried} failed before and run again" : "") + ".";
}
