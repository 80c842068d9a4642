using Spectre.Console;

namespace PruneBench.Harness.Progress;

/// <summary>Chooses the display: nothing with --quiet, log lines when redirected or on CI, a live bar on a terminal.</summary>
public static class ProgressReporterFactory
{
    /// <summary>Creates the reporter for this process's console.</summary>
    public static IProgressReporter Create(bool quiet, TextWriter output, bool outputIsConsole)
    {
        if (quiet)
        {
            return new QuietProgressReporter(output);
        }

        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!outputIsConsole || ci || Console.IsOutputRedirected)
        {
            return new PlainProgressReporter(output);
        }

        return new SpectreProgressReporter(AnsiConsole.Console);
    }
}
