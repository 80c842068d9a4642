using PruneBench.Abstractions.Tokens;
using PruneBench.Core.Checkpoints;

namespace PruneBench.Benchmarks.Packs;

/// <summary>A validated pack sample; its embeddings are read from disk on demand.</summary>
/// <param name="Record">The samples.jsonl line.</param>
/// <param name="Layout">Prompt layout derived from the record.</param>
/// <param name="FeaturesPath">features/&lt;id&gt;.safetensors.</param>
public sealed record PackSample(PackSampleRecord Record, SampleLayout Layout, string FeaturesPath)
{
    /// <summary>Name of the embeddings tensor inside a feature file.</summary>
    public const string EmbeddingsTensor = "embeddings";

    /// <summary>Reads the visual embeddings [m·n × hidden] as fp32.</summary>
    public float[] LoadEmbeddings()
    {
        using var file = SafetensorsFile.Open(FeaturesPath);
        return file.ReadFloats(EmbeddingsTensor);
    }
}
