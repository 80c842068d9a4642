namespace PruneBench.Harness.Tests.Infrastructure;

/// <summary>Builds samples/KeyNormPruner (the third-party score pruner on the short path) once per test run.</summary>
public sealed class KeyNormPrunerBuild
{
    /// <summary>Runs the build; throws with the build log when it fails.</summary>
    public KeyNormPrunerBuild()
    {
        OutputFolder = DotnetBuild.Sample("KeyNormPruner");
    }

    /// <summary>bin/&lt;config&gt;/net10.0 of the sample.</summary>
    public string OutputFolder { get; }
}
