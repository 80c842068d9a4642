using PruneBench.Harness.Progress;
using Spectre.Console;
using Xunit;

namespace PruneBench.Harness.Tests.Progress;

public sealed class ProgressReporterTests
{
    [Fact]
    public void Quiet_wins_and_redirected_output_gets_plain_lines()
    {
        Assert.IsType<QuietProgressReporter>(ProgressReporterFactory.Create(quiet: true, TextWriter.Null, outputIsConsole: true));
        Assert.IsType<PlainProgressReporter>(ProgressReporterFactory.Create(quiet: false, TextWriter.Null, outputIsConsole: false));
    }

    [Fact]
    public void Quiet_prints_why_a_run_failed_and_nothing_else()
    {
        var output = new StringWriter();

        ProgressReporterFactory.Create(quiet: true, output, outputIsConsole: false).Track(2, 0, t =>
        {
            t.Starting("a");
            t.Note("skipped: a: not applicable");
            t.Finished("a", "skipped");
            t.Failure("failed: b: IOException: disk full");
            t.Finished("b", "failed");
        });

        Assert.Equal("failed: b: IOException: disk full\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Plain_lines_count_runs_resumed_ones_included_and_give_an_eta()
    {
        var output = new StringWriter();

        new PlainProgressReporter(output).Track(4, 2, t =>
        {
            t.Starting("a");
            t.Finished("a", "ok");
            t.Note("failed: b: boom");
        });

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Resuming: 2 of 4 runs already in the results file.", lines[0]);
        Assert.Matches(@"^\[3/4\] a: ok \(ETA \d\d:\d\d:\d\d\)$", lines[1]);
        Assert.Equal("failed: b: boom", lines[2]);
    }

    [Fact]
    public void The_live_bar_shows_the_configuration_being_run_and_keeps_notes_visible()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });

        new SpectreProgressReporter(console).Track(2, 0, t =>
        {
            t.Starting("llama · fastv @0.5");
            t.Note("skipped: vas: not applicable");
            t.Finished("llama · fastv @0.5", "ok");
        });

        var text = output.ToString();
        Assert.Contains("llama · fastv @0.5", text, StringComparison.Ordinal);
        Assert.Contains("skipped: vas: not applicable", text, StringComparison.Ordinal);
    }
}
