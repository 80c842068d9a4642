using PruneBench.Benchmarks.Vlm;

namespace PruneBench.Benchmarks.Suites;

/// <summary>What a suite needs to know about the model it feeds.</summary>
/// <param name="ModelName">For messages and result rows.</param>
/// <param name="HiddenSize">Width of the embeddings the suite must produce.</param>
/// <param name="VocabSize">Every prompt id must be below it.</param>
/// <param name="Wiring">The model's vlm.json wiring (needed by the synthetic suite), or null.</param>
/// <param name="RopeAxes">Position ids per token the model takes: 3 for M-RoPE, else 1 (null: not checked).</param>
public sealed record SuiteTarget(string ModelName, int HiddenSize, int VocabSize, VlmWiring? Wiring, int? RopeAxes = null)
{
    /// <summary>A target for the model folder <paramref name="directory"/>, with its vlm.json when it has one.</summary>
    public static SuiteTarget ForModelDirectory(string modelName, string directory, int hiddenSize, int vocabSize)
    {
        var wiring = VlmWiring.Exists(directory) ? VlmWiring.Load(directory) : null;
        wiring?.CheckFits(modelName, hiddenSize, vocabSize);
        return new SuiteTarget(modelName, hiddenSize, vocabSize, wiring);
    }
}
