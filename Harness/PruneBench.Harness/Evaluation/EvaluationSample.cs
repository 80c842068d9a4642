using PruneBench.Core.Engine;

namespace PruneBench.Harness.Evaluation;

/// <summary>One multiple-choice sample ready for the engine.</summary>
/// <param name="Id">Stable sample id.</param>
/// <param name="Task">Task family.</param>
/// <param name="Prompt">Token ids, layout and visual embeddings [N_v × hidden].</param>
/// <param name="OptionTokenIds">Token id of each option letter; the prediction is the arg-max of their logits at the last position.</param>
/// <param name="Answer">Index of the correct option.</param>
/// <param name="RelevantVisual">Ground-truth relevant visual indices (for needle recall), or null when unknown.</param>
public sealed record EvaluationSample(
    string Id,
    string Task,
    Prompt Prompt,
    IReadOnlyList<int> OptionTokenIds,
    int Answer,
    IReadOnlyList<int>? RelevantVisual);
