namespace PruneBench.Benchmarks.Packs;

/// <summary>A loaded, validated sample pack.</summary>
/// <param name="Directory">The pack folder.</param>
/// <param name="Manifest">pack.json.</param>
/// <param name="Samples">Valid samples, in file order.</param>
/// <param name="Rejected">Samples skipped as invalid (empty unless loaded with SkipBad).</param>
public sealed record SamplePack(string Directory, PackManifest Manifest, IReadOnlyList<PackSample> Samples, IReadOnlyList<PackRejection> Rejected);
