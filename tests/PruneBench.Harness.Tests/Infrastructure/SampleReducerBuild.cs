namespace PruneBench.Harness.Tests.Infrastructure;

/// <summary>
/// Builds samples/SampleReducer once per test run with <c>dotnet build</c>, as a plugin author would, and
/// exposes its output folder (the third-party plugin on the general path that the CLI tests load).
/// </summary>
public sealed class SampleReducerBuild
{
    /// <summary>Runs the build; throws with the build log when it fails.</summary>
    public SampleReducerBuild()
    {
        OutputFolder = DotnetBuild.Sample("SampleReducer");
        Assembly = Path.Combine(OutputFolder, "SampleReducer.dll");
    }

    /// <summary>bin/&lt;config&gt;/net10.0 of the sample.</summary>
    public string OutputFolder { get; }

    /// <summary>SampleReducer.dll.</summary>
    public string Assembly { get; }
}
