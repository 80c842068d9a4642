namespace PruneBench.Harness.Progress;

/// <summary><c>--quiet</c>: no per-run output; why a run failed is still printed, and the command prints its summary and errors.</summary>
public sealed class QuietProgressReporter(TextWriter output) : IProgressReporter
{
    /// <inheritdoc />
    public void Track(int total, int alreadyDone, Action<IProgressTracker> work) => work(new Tracker(output));

    private sealed class Tracker(TextWriter output) : IProgressTracker
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

        public void Failure(string message)
        {
            output.WriteLine(message);
            output.Flush();
        }
    }
}
