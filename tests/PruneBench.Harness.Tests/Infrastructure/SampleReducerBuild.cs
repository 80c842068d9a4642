using System.Diagnostics;

namespace PruneBench.Harness.Tests.Infrastructure;

/// <summary>
/// Builds samples/SampleReducer once per test run with <c>dotnet build</c>, as a plugin author would (its one
/// dependency, the contract, is already built for the harness: --no-dependencies leaves it alone), and
/// exposes its output folder (the third-party plugin the CLI tests load).
/// </summary>
public sealed class SampleReducerBuild
{
    /// <summary>Runs the build; throws with the build log when it fails.</summary>
    public SampleReducerBuild()
    {
        var project = Path.Combine(RepositoryPaths.Root, "samples", "SampleReducer");
        var info = new ProcessStartInfo("dotnet", ["build", project, "-c", RepositoryPaths.Configuration, "--no-dependencies", "--nologo", "-v", "quiet"])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var build = Process.Start(info)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var error = build.StandardError.ReadToEndAsync();
        build.WaitForExit();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build samples/SampleReducer failed:\n{output.Result}\n{error.Result}");
        }

        OutputFolder = Path.Combine(project, "bin", RepositoryPaths.Configuration, "net10.0");
        Assembly = Path.Combine(OutputFolder, "SampleReducer.dll");
    }

    /// <summary>bin/&lt;config&gt;/net10.0 of the sample.</summary>
    public string OutputFolder { get; }

    /// <summary>SampleReducer.dll.</summary>
    public string Assembly { get; }
}
