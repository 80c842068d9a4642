using PruneBench.Abstractions.Tokens;

namespace PruneBench.Benchmarks.Synthetic;

/// <summary>
/// One generated sample: the prompt's token ids (visual span filled with <c>&lt;image&gt;</c>), the raw
/// visual features before the projector, the answer and the ground-truth relevant visual tokens.
/// </summary>
/// <param name="Key">What the sample was generated from.</param>
/// <param name="Layout">Prompt layout: prefix, m × n visual grid, suffix.</param>
/// <param name="TokenIds">[Layout.Length] ids in <see cref="SynthVocabulary"/>.</param>
/// <param name="Features">[m·n × <see cref="SynthFeatureSpace.Dim"/>] raw visual features, row-major.</param>
/// <param name="AnswerIndex">Correct option, 0–3 (letter A–D).</param>
/// <param name="OptionTokenIds">[4] ids of the option letters A–D.</param>
/// <param name="RelevantVisualIndices">Ascending visual indices (0…m·n−1) of the tokens the answer depends on.</param>
/// <param name="Question">The suffix as text, for logs.</param>
/// <param name="RelevantObjectIds">Object id of each relevant token, parallel to <paramref name="RelevantVisualIndices"/>
/// (the trainer's per-word attention targets: in <c>order</c> the two named objects are different tokens).</param>
public sealed record SynthSample(
    SynthSampleKey Key,
    SampleLayout Layout,
    int[] TokenIds,
    float[] Features,
    int AnswerIndex,
    int[] OptionTokenIds,
    int[] RelevantVisualIndices,
    string Question,
    int[] RelevantObjectIds);
