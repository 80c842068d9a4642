namespace PruneBench.Benchmarks.Suites;

/// <summary>A source of multiple-choice samples (the synthetic suite, or a sample pack).</summary>
public interface IBenchmarkSuite
{
    /// <summary>Name as the user wrote it, e.g. <c>synth</c>, <c>synth/count</c>, <c>pack:/data/videomme</c>.</summary>
    string Name { get; }

    /// <summary>Benchmark name for result rows (<c>synth</c>, <c>videomme</c>, …).</summary>
    string Benchmark { get; }

    /// <summary>
    /// The samples for <paramref name="target"/>, generated or read lazily, in a fixed order.
    /// Throws before the first sample when the suite cannot feed that model (width, vocabulary, wiring).
    /// </summary>
    IEnumerable<BenchmarkSample> Samples(SuiteTarget target);
}
