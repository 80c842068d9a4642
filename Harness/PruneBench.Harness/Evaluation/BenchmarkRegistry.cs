using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Evaluation;

/// <summary>The benchmark suites the harness knows, by name, plus sample packs named <c>pack:DIR</c>.</summary>
public sealed class BenchmarkRegistry(IReadOnlyList<IBenchmark> suites)
{
    /// <summary>Sample packs (<c>pack:DIR</c>) skip invalid samples instead of being refused.</summary>
    public bool SkipBadPackSamples { get; init; }

    /// <summary>Benchmark used when none is named.</summary>
    public const string DefaultBenchmark = "synth";

    /// <summary>The suites of this build.</summary>
    public static BenchmarkRegistry Default { get; } = new([SynthBenchmark.OneHop, SynthBenchmark.WithTwoHop, new RandomPromptSuite()]);

    /// <summary>Suites in listing order.</summary>
    public IReadOnlyList<IBenchmark> Suites { get; } = suites;

    /// <summary>The suite called <paramref name="name"/>.</summary>
    /// <exception cref="UsageException">Unknown name; the message lists the known ones.</exception>
    public IBenchmark Get(string name) =>
        name.StartsWith(PackBenchmark.Prefix, StringComparison.Ordinal) && name.Length > PackBenchmark.Prefix.Length
            ? new PackBenchmark(name[PackBenchmark.Prefix.Length..], SkipBadPackSamples)
            : Suites.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
              ?? throw new UsageException($"Unknown benchmark '{name}'. Known benchmarks: {string.Join(", ", Suites.Select(s => s.Name))}, pack:DIR.");
}
