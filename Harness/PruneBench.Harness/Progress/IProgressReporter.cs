namespace PruneBench.Harness.Progress;

/// <summary>Shows the progress of a sweep while it runs (live bar, log lines, or nothing).</summary>
public interface IProgressReporter
{
    /// <summary>Runs <paramref name="work"/> with a tracker for <paramref name="total"/> runs, <paramref name="alreadyDone"/> of them finished earlier.</summary>
    void Track(int total, int alreadyDone, Action<IProgressTracker> work);
}
