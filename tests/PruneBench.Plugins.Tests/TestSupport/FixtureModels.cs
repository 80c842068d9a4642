using PruneBench.Abstractions.Tokens;
using PruneBench.Core.Engine;

namespace PruneBench.Plugins.Tests.TestSupport;

/// <summary>The tiny HF checkpoints under tests/fixtures and prompts with random visual embeddings for them.</summary>
public static class FixtureModels
{
    /// <summary>Folder of fixture <paramref name="name"/> (found by walking up to PruneBench.sln).</summary>
    public static string Dir(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PruneBench.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("PruneBench.sln not found above " + AppContext.BaseDirectory),
            "tests", "fixtures", name);
    }

    /// <summary>[3 text][4 frames × 6 tokens (2×3)][5 text] with seeded random ids and visual embeddings in [−0.5, 0.5).</summary>
    public static Prompt RandomPrompt(int hiddenSize, int vocabSize, int seed)
    {
        var layout = new SampleLayout(3, 4, 6, 5, 2, 3);
        var rng = new System.Random(seed);
        var ids = Enumerable.Range(0, layout.Length).Select(_ => rng.Next(vocabSize)).ToArray();
        var visual = Enumerable.Range(0, layout.VisualCount * hiddenSize).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        return new Prompt(ids, layout, visual);
    }
}
