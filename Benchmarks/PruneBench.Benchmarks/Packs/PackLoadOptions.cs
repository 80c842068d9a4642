namespace PruneBench.Benchmarks.Packs;

/// <summary>What a pack is validated against, and what to do with bad samples.</summary>
/// <param name="HiddenSize">The model's hidden size (null: take pack.json's word for it).</param>
/// <param name="VocabSize">The model's vocabulary size (null: pack.json's vocab_size, when set).</param>
/// <param name="SkipBad">Skip invalid samples (listed in <see cref="SamplePack.Rejected"/>) instead of throwing.</param>
/// <param name="RopeAxes">The model's position axes: 1 (1-D RoPE or none) or 3 (M-RoPE); null accepts either.</param>
public sealed record PackLoadOptions(int? HiddenSize = null, int? VocabSize = null, bool SkipBad = false, int? RopeAxes = null);
