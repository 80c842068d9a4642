using PruneBench.Abstractions;

namespace PruneBench.Harness.Tests.Infrastructure;

/// <summary>
/// Builds tests/fixtures/plugins/VersionedPlugin once per test run, in one msbuild process, against three
/// contract versions (Fixtures.proj): the host's own, one minor newer, one major newer. Each output folder
/// holds a real plugin whose method is named after its assembly (samemajor, newerminor, othermajor).
/// </summary>
public sealed class VersionedPluginBuild : IDisposable
{
    private readonly TempFolder _output = new();

    /// <summary>Runs the build; throws with the build log when it fails.</summary>
    public VersionedPluginBuild()
    {
        var project = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "plugins", "VersionedPlugin", "Fixtures.proj");
        DotnetBuild.Run("msbuild", project, "-nologo", "-v:q", $"-p:Configuration={RepositoryPaths.Configuration}", $"-p:FixtureOut={_output.Path}",
            $"-p:HostMajor={ContractInfo.Major}", $"-p:HostMinor={ContractInfo.Minor}");
    }

    /// <summary>Built against the host's contract (same major and minor).</summary>
    public string SameMajor => Path.Combine(_output.Path, "same-major");

    /// <summary>Built against a contract one minor newer than the host's.</summary>
    public string NewerMinor => Path.Combine(_output.Path, "newer-minor");

    /// <summary>Built against a contract one major newer than the host's.</summary>
    public string OtherMajor => Path.Combine(_output.Path, "other-major");

    /// <summary>Removes the build output.</summary>
    public void Dispose() => _output.Dispose();
}
