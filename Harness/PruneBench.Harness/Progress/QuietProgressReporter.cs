namespace PruneBench.Harness.Progress;

/// <summary><c>--quiet</c>: no per-run output; the command still prints its summary and errors.</summary>
public sealed class QuietProgressReporter : IProgressReporter
{
    /// <inheritdoc />
    public void Track(int total, int alreadyDone, Action<IProgressTracker> work) => work(new Tracker());

    private sealed class Tracker : IProgressTracker
    {
        public void Starting(string label)
        {
        }

        public void Finished(string label, string outcome)
        {
        }

        public void Note(string message)
        {
        }
    }
}
