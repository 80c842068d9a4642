using PruneBench.Abstractions.Tokens;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Engine;

namespace PruneBench.Benchmarks.Packs;

/// <summary>A validated pack sample; its embeddings are read from disk on demand.</summary>
/// <param name="Record">The samples.jsonl line.</param>
/// <param name="Layout">Prompt layout derived from the record.</param>
/// <param name="FeaturesPath">features/&lt;id&gt;.safetensors.</param>
public sealed record PackSample(PackSampleRecord Record, SampleLayout Layout, string FeaturesPath)
{
    /// <summary>Name of the embeddings tensor inside a feature file.</summary>
    public const string EmbeddingsTensor = "embeddings";

    /// <summary>Name of the tensor holding the embeddings of <see cref="PackSampleRecord.TextEmbeddingRows"/> [k × hidden].</summary>
    public const string TextEmbeddingsTensor = "text_embeddings";

    /// <summary>Reads the visual embeddings [m·n × hidden] as fp32.</summary>
    public float[] LoadEmbeddings()
    {
        using var file = SafetensorsFile.Open(FeaturesPath);
        return file.ReadFloats(EmbeddingsTensor);
    }

    /// <summary>The engine input: ids, visual embeddings, position ids (M-RoPE) and given text-row embeddings, as exported.</summary>
    public Prompt LoadPrompt()
    {
        using var file = SafetensorsFile.Open(FeaturesPath);
        var text = Record.TextEmbeddingRows is { Length: > 0 } rows ? new RowEmbeddings(rows, file.ReadFloats(TextEmbeddingsTensor)) : null;
        return new Prompt(Record.InputIds, Layout, file.ReadFloats(EmbeddingsTensor), Record.PositionIds, text);
    }
}
