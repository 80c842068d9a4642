namespace PruneBench.Benchmarks.Tests.TestSupport;

/// <summary>Locates the repository and tests/fixtures from the test binaries.</summary>
public static class RepositoryFixtures
{
    /// <summary>The folder holding PruneBench.sln.</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "PruneBench.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new DirectoryNotFoundException("PruneBench.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>tests/fixtures/<paramref name="relative"/>.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root, "tests", "fixtures", relative);
}
