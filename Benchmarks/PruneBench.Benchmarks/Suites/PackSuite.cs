using PruneBench.Benchmarks.Packs;

namespace PruneBench.Benchmarks.Suites;

/// <summary>A real benchmark exported as a sample pack (<c>pack:&lt;dir&gt;</c>).</summary>
public sealed class PackSuite : IBenchmarkSuite
{
    /// <summary>Creates the suite over the pack folder <paramref name="directory"/>.</summary>
    /// <param name="directory">Pack folder.</param>
    /// <param name="skipBad">Skip invalid samples instead of failing (they are listed in <see cref="Rejected"/>).</param>
    public PackSuite(string directory, bool skipBad)
    {
        Directory = directory;
        SkipBad = skipBad;
    }

    /// <summary>The pack folder.</summary>
    public string Directory { get; }

    /// <summary>Whether invalid samples are skipped.</summary>
    public bool SkipBad { get; }

    /// <summary>Samples rejected by the last <see cref="Samples"/> call.</summary>
    public IReadOnlyList<PackRejection> Rejected { get; private set; } = [];

    /// <inheritdoc />
    public string Name => "pack:" + Directory;

    /// <inheritdoc />
    public string Benchmark { get; private set; } = "pack";

    /// <inheritdoc />
    /// <exception cref="PackValidationException">The pack does not fit <paramref name="target"/>, or a sample is bad and SkipBad is off.</exception>
    public IEnumerable<BenchmarkSample> Samples(SuiteTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var pack = SamplePackLoader.Load(Directory, new PackLoadOptions(target.HiddenSize, target.VocabSize, SkipBad, target.RopeAxes));
        Rejected = pack.Rejected;
        Benchmark = pack.Manifest.Benchmark;
        return pack.Samples.Select(s => new BenchmarkSample(
            s.Record.Id,
            s.Record.Task,
            s.LoadPrompt(),
            s.Record.Answer,
            s.Record.OptionTokenIds,
            s.Record.RelevantVisualIndices ?? [],
            s.Record.Duration));
    }
}
