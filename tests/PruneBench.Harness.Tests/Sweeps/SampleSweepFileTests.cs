using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Sweeps;

public sealed class SampleSweepFileTests
{
    public static TheoryData<string> Files() => new(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "samples", "sweeps")).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_shipped_sweep_file_reads_and_expands(string path)
    {
        var file = SweepFileReader.Read(path);

        Assert.NotEmpty(file.Spec.Models);
        Assert.All(file.Spec.Models.Where(m => m.Contains('/', StringComparison.Ordinal)), m => Assert.True(Directory.Exists(Path.Combine(RepositoryPaths.Root, m)), m));
        Assert.NotEmpty(file.Spec.Methods);
    }
}
