namespace PruneBench.Harness.Tests.Infrastructure;

/// <summary>Paths inside the repository the tests run from.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding PruneBench.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Build configuration of this test run (Debug or Release), taken from the test assembly's path.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built prunebench.dll (the Harness project's own output, which holds plugins/builtin).</summary>
    public static string Prunebench { get; } = Path.Combine(Root, "Harness", "PruneBench.Harness", "bin", Configuration, "net10.0", "prunebench.dll");

    /// <summary>A fixture model folder, e.g. "llama".</summary>
    public static string Fixture(string name) => Path.Combine(Root, "tests", "fixtures", name);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PruneBench.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"No PruneBench.sln above {AppContext.BaseDirectory}.");
    }
}
