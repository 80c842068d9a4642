using CsvHelper;

namespace PruneBench.Benchmarks.Packs;

/// <summary>
/// One row of a pack's <c>export_timing.csv</c> (written by tools/export/export_pack.py): transformers' own time for
/// one question on the export machine, split at the language model's input.
/// </summary>
[CsvRecord]
[CsvOptions(Culture = "")]
public sealed partial record ExportTimingRow
{
    /// <summary>Sample id.</summary>
    [CsvColumn("id")]
    public required string Id { get; init; }

    /// <summary>Vision tower, projector and merging into the prompt (the VLM's forward minus its LLM), ms.</summary>
    [CsvColumn("vision_ms")]
    public required double VisionMs { get; init; }

    /// <summary>The VLM's own LLM prefill, ms.</summary>
    [CsvColumn("llm_ms")]
    public required double LlmMs { get; init; }
}
