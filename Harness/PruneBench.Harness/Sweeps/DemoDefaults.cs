using PruneBench.Harness.Models;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// What <c>prunebench demo</c> runs when no model is named: the two shipped models (synth-qwen2, dense;
/// synth-nemotronh, Mamba2 hybrid) on the synthetic suite, every task, 40 samples per task: 200 per model, enough
/// for the leaderboard's 95 % intervals (about ±2.5 pt near 97 %, ±7 pt near 50 %) and paired tests to separate
/// the methods at budget 0.25, and the whole demo (2 models × 5 tasks × 19 runs) stays within about 6 minutes on a
/// 2-core CPU (docs/cli.md, measured). Without the shipped models it
/// falls back to the repository's fixture checkpoints on seeded random prompts (timings only).
/// </summary>
public static class DemoDefaults
{
    /// <summary>
    /// The shipped demo models and the synthetic suite they run: the 22-layer models that read the video at mid depth,
    /// on which every built-in method realises every budget and the leaderboard separates (issue 15; docs/benchmarks.md,
    /// "Deep models"). The first 4- and 8-layer models stay for tests and for <c>--model</c>.
    /// </summary>
    public static (IReadOnlyList<string> Models, string Benchmark) Shipped { get; } = (["synth-qwen2-deep", "synth-nemotronh-deep"], "synth-hop");

    /// <summary>The shipped demo models.</summary>
    public static IReadOnlyList<string> ShippedModels => Shipped.Models;

    /// <summary>Fixture models, relative to the repository root (the working folder of the README's command).</summary>
    public static IReadOnlyList<string> FixtureModels { get; } = ["tests/fixtures/llama", "tests/fixtures/nemotron_h_groups"];

    /// <summary>
    /// Demo slice on the synthetic suite: 32 frames × 16 tokens (512 visual tokens), 32 samples per task (192 per model):
    /// the 22-layer models' 228 runs took 4 min 41 s on the 2-core dev machine; at 64 × 40 they would take ≈ 12.
    /// </summary>
    public static (int Frames, int TokensPerFrame, int Samples) SynthSlice { get; } = (32, 16, 32);

    /// <summary>Budgets of the demo (and of bench when none are given).</summary>
    public static IReadOnlyList<double> Budgets { get; } = [0.25, 0.5, 0.75];

    /// <summary>
    /// The sweep the demo runs: every built-in method at <see cref="Budgets"/> plus the baseline, seed 0, on the
    /// models and slice of <see cref="Resolve"/>; the leaderboard is written and printed after the runs.
    /// </summary>
    /// <exception cref="UsageException">No model named and neither the shipped nor the fixture models are found.</exception>
    public static SweepRequest ToSweep(DemoRequest request, TextWriter output)
    {
        request = Resolve(request, output);
        var spec = new SweepSpec(
            request.Models,
            [new BenchmarkAxis(request.Benchmark!, request.Tasks, request.Frames is { } f ? [f] : [], request.TokensPerFrame is { } n ? [n] : [], request.Samples)],
            [],
            Budgets,
            [0]);
        return new SweepRequest(spec, request.Output, request.Device, request.PluginFolders, request.Quiet, request.CommandLine)
        {
            EveryBuiltinMethod = true,
            Report = SweepReport.Leaderboard,
        };
    }

    /// <summary>Fills what the request leaves open.</summary>
    /// <exception cref="UsageException">No model named and neither the shipped nor the fixture models are found.</exception>
    public static DemoRequest Resolve(DemoRequest request, TextWriter output)
    {
        if (request.Models.Count > 0)
        {
            return request with { Benchmark = request.Benchmark ?? Evaluation.BenchmarkRegistry.DefaultBenchmark };
        }

        if (ShippedModels.All(m => ModelResolver.Shipped().Any(s => s.Name == m)))
        {
            return request with
            {
                Models = ShippedModels,
                Benchmark = request.Benchmark ?? Shipped.Benchmark,
                Frames = request.Frames ?? SynthSlice.Frames,
                TokensPerFrame = request.TokensPerFrame ?? SynthSlice.TokensPerFrame,
                Samples = request.Samples ?? SynthSlice.Samples,
            };
        }

        if (FixtureModels.All(Directory.Exists))
        {
            output.WriteLine($"The shipped models are not found: using the fixture models {string.Join(", ", FixtureModels)} on seeded random prompts (timings only, no accuracy).");
            return request with { Models = FixtureModels, Benchmark = request.Benchmark ?? "random" };
        }

        throw new UsageException(
            $"No models: pass --model (a Hugging Face checkpoint folder), or run from the repository root (Benchmarks/models holds {string.Join(" and ", ShippedModels)}).");
    }
}
