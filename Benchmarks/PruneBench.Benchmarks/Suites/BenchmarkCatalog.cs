using PruneBench.Benchmarks.Synthetic;

namespace PruneBench.Benchmarks.Suites;

/// <summary>
/// Resolves a benchmark name the user typed into a suite:
/// <list type="bullet">
/// <item><c>synth</c> — the five one-hop synthetic tasks (test split; sizes from <see cref="SynthSuiteOptions"/>);</item>
/// <item><c>synth-hop</c> — those five plus the two-hop tasks (neighbor-color), for models trained on them;</item>
/// <item><c>synth/&lt;task&gt;</c> — one task: needle-color, temporal, count, order, spatial, neighbor-color;</item>
/// <item><c>pack:&lt;dir&gt;</c> — a sample pack exported for a real benchmark.</item>
/// </list>
/// </summary>
public static class BenchmarkCatalog
{
    /// <summary>The names <see cref="Resolve"/> understands, for help texts.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["synth", HopSuiteName, .. SynthTaskNames.All.Select(t => "synth/" + SynthTaskNames.NameOf(t)), "pack:<dir>"];

    /// <summary>The suite of all synthetic tasks, the one- and the two-hop ones.</summary>
    public const string HopSuiteName = "synth-hop";

    /// <summary>Resolves <paramref name="name"/>.</summary>
    /// <param name="name">A benchmark name.</param>
    /// <param name="synthOptions">Sizes for synthetic suites (defaults when null).</param>
    /// <param name="skipBadPackSamples">For packs: skip invalid samples instead of failing.</param>
    /// <exception cref="ArgumentException">Unknown name (the message lists the valid ones) or bad synthetic sizes.</exception>
    public static IBenchmarkSuite Resolve(string name, SynthSuiteOptions? synthOptions = null, bool skipBadPackSamples = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        synthOptions ??= new SynthSuiteOptions();
        if (name.StartsWith("pack:", StringComparison.Ordinal))
        {
            var directory = name["pack:".Length..];
            if (directory.Length == 0)
            {
                throw new ArgumentException("Benchmark 'pack:' needs a folder, e.g. pack:/data/videomme-qwen2vl.", nameof(name));
            }

            return new PackSuite(directory, skipBadPackSamples);
        }

        if (name == "synth")
        {
            return new SynthSuite(name, [], synthOptions);
        }

        if (name == HopSuiteName)
        {
            return new SynthSuite(name, SynthTaskNames.All, synthOptions);
        }

        if (name.StartsWith("synth/", StringComparison.Ordinal))
        {
            return new SynthSuite(name, [SynthTaskNames.Parse(name["synth/".Length..])], synthOptions);
        }

        throw new ArgumentException($"Unknown benchmark '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name));
    }
}
