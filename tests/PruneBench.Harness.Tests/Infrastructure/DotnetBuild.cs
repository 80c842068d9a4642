using System.Diagnostics;

namespace PruneBench.Harness.Tests.Infrastructure;

/// <summary>Runs the dotnet CLI from the repository root, as a plugin author would, for the fixture builds.</summary>
public static class DotnetBuild
{
    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c>; throws with the build log when it fails.</summary>
    public static void Run(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet", arguments)
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
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed:\n{output.Result}\n{error.Result}");
        }
    }

    /// <summary>Builds the project in samples/<paramref name="name"/> (its one dependency, the contract, is already built for the tests) and returns its output folder.</summary>
    public static string Sample(string name)
    {
        var project = Path.Combine(RepositoryPaths.Root, "samples", name);
        Run("build", project, "-c", RepositoryPaths.Configuration, "--no-dependencies", "--nologo", "-v", "quiet");
        return Path.Combine(project, "bin", RepositoryPaths.Configuration, "net10.0");
    }
}
