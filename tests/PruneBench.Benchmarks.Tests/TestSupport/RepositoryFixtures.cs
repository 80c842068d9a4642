namespace PruneBench.Benchmarks.Tests.TestSupport;

/// <summary>Locates tests/fixtures from the test binaries.</summary>
public static class RepositoryFixtures
{
    /// <summary>tests/fixtures/<paramref name="relative"/>.</summary>
    public static string Path(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "PruneBench.sln")))
        {
            dir = dir.Parent;
        }

        return System.IO.Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("PruneBench.sln not found above " + AppContext.BaseDirectory), "tests", "fixtures", relative);
    }
}
