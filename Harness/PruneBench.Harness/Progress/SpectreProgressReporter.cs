using System.Runtime.InteropServices;
using Spectre.Console;

namespace PruneBench.Harness.Progress;

/// <summary>
/// A live progress bar with percentage, ETA and the configuration being run (interactive terminals). The bar hides
/// the cursor; Ctrl-C, SIGTERM or SIGQUIT end the process without running the bar's cleanup, so a handler shows
/// the cursor again before the signal's default action (termination) goes ahead.
/// </summary>
public sealed class SpectreProgressReporter(IAnsiConsole console) : IProgressReporter
{
    /// <inheritdoc />
    public void Track(int total, int alreadyDone, Action<IProgressTracker> work)
    {
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => RestoreCursor());
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => RestoreCursor());
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, _ => RestoreCursor());
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            // A narrow bar leaves the width to the configuration being run.
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 20 }, new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("sweep", maxValue: Math.Max(1, total));
                task.Value = alreadyDone;
                work(new Tracker(console, task, total));
            });
    }

    // The context is not cancelled: the signal's default action (ending the process) follows.
    private void RestoreCursor()
    {
        console.Cursor.Show(true);
        console.WriteLine();
    }

    private sealed class Tracker(IAnsiConsole console, ProgressTask task, int total) : IProgressTracker
    {
        public void Starting(string label) =>
            task.Description = $"[grey]{(int)task.Value + 1}/{total}[/] {Markup.Escape(label)}";

        public void Finished(string label, string outcome) => task.Increment(1);

        public void Note(string message) => console.MarkupLine(Markup.Escape(message));

        public void Failure(string message) => Note(message);
    }
}
