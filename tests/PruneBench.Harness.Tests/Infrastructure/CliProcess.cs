using System.Diagnostics;
using System.Text;

namespace PruneBench.Harness.Tests.Infrastructure;

/// <summary>Runs the built prunebench as a real process (what users run), from the repository root.</summary>
public static class CliProcess
{
    /// <summary>Exit code and output of a finished process.</summary>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>Both streams, for assertion messages.</summary>
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    /// <summary>Starts prunebench with <paramref name="args"/>; output is redirected (plain progress lines).</summary>
    public static Process Start(params string[] args) => StartIn(RepositoryPaths.Root, args);

    /// <summary>Starts prunebench in <paramref name="workingDirectory"/>.</summary>
    public static Process StartIn(string workingDirectory, params string[] args)
    {
        if (!File.Exists(RepositoryPaths.Prunebench))
        {
            throw new InvalidOperationException($"{RepositoryPaths.Prunebench} is missing: build Harness/PruneBench.Harness first.");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepositoryPaths.Prunebench);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["CI"] = "true";
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    /// <summary>Runs prunebench to completion (at most <paramref name="timeoutSeconds"/>).</summary>
    public static Result Run(int timeoutSeconds, params string[] args) => RunIn(RepositoryPaths.Root, timeoutSeconds, args);

    /// <summary>Runs prunebench to completion in <paramref name="workingDirectory"/>.</summary>
    public static Result RunIn(string workingDirectory, int timeoutSeconds, params string[] args)
    {
        using var process = StartIn(workingDirectory, args);
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"prunebench {string.Join(' ', args)} ran past {timeoutSeconds} s.\n{output}\n{error}");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, output.ToString(), error.ToString());
    }
}
