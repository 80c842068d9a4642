using System.Diagnostics;
using System.Globalization;

namespace PruneBench.Harness.Progress;

/// <summary>
/// One log line per finished run with a count and an ETA: for redirected output, CI logs (CI=true) and
/// anything that is not an interactive terminal.
/// </summary>
public sealed class PlainProgressReporter(TextWriter output) : IProgressReporter
{
    /// <inheritdoc />
    public void Track(int total, int alreadyDone, Action<IProgressTracker> work)
    {
        if (alreadyDone > 0)
        {
            output.WriteLine($"Resuming: {alreadyDone} of {total} runs already in the results file.");
        }

        work(new Tracker(output, total, alreadyDone));
    }

    private sealed class Tracker(TextWriter output, int total, int alreadyDone) : IProgressTracker
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _done;
        private int _finishedHere;

        public void Starting(string label)
        {
        }

        public void Finished(string label, string outcome)
        {
            _finishedHere++;
            _done = alreadyDone + _finishedHere;
            var remaining = total - _done;
            var eta = TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds / _finishedHere * remaining);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{_done}/{total}] {label}: {outcome} (ETA {eta:hh\\:mm\\:ss})"));
            output.Flush();
        }

        public void Failure(string message) => Note(message);

        public void Note(string message)
        {
            output.WriteLine(message);
            output.Flush();
        }
    }
}
