namespace PruneBench.Harness.Sweeps;

/// <summary>Arguments of <c>prunebench demo</c>; empty models and a null benchmark mean <see cref="DemoDefaults"/>.</summary>
public sealed record DemoRequest(
    IReadOnlyList<string> Models,
    string? Benchmark,
    IReadOnlyList<string> Tasks,
    int? Frames,
    int? TokensPerFrame,
    int? Samples,
    string Output,
    string Device,
    IReadOnlyList<string> PluginFolders,
    bool Quiet,
    string CommandLine);
