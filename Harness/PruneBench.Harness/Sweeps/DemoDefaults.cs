using PruneBench.Harness.Evaluation;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// What <c>prunebench demo</c> runs when no model is named. The shipped synthetic-benchmark models are not
/// part of this build yet, so the demo falls back to the two fixture checkpoints of the repository (a dense
/// llama and a Mamba2 hybrid) on seeded random prompts: every code path, timings, no accuracy.
/// </summary>
public static class DemoDefaults
{
    /// <summary>Fixture models, relative to the repository root (the working folder of the README's command).</summary>
    public static IReadOnlyList<string> FixtureModels { get; } = ["tests/fixtures/llama", "tests/fixtures/nemotron_h_groups"];

    /// <summary>The models and benchmark to use, and a note saying what was chosen (null when nothing needs saying).</summary>
    public static (IReadOnlyList<string> Models, string Benchmark, string? Note) Resolve(IReadOnlyList<string> models, string? benchmark)
    {
        if (models.Count > 0)
        {
            return (models, benchmark ?? BenchmarkRegistry.DefaultBenchmark, null);
        }

        if (FixtureModels.All(Directory.Exists))
        {
            return (FixtureModels, benchmark ?? BenchmarkRegistry.DefaultBenchmark,
                $"No shipped demo models in this build: using the fixture models {string.Join(", ", FixtureModels)} on seeded random prompts (timings only, no accuracy).");
        }

        throw new Commands.UsageException(
            $"No models: pass --model (a Hugging Face checkpoint folder), or run from the repository root where {string.Join(" and ", FixtureModels)} exist.");
    }
}
