namespace PruneBench.Abstractions.Scoring;

/// <summary>What a score method does after one layer of one sample.</summary>
/// <param name="Score">The score to compute and fold into the running score (<see cref="ScoreRequest.Previous"/> for none).</param>
/// <param name="Keep">
/// Visual tokens alive after this layer, in 0..N_v (the sample's visual count): the engine keeps the <c>Keep</c>
/// highest running scores (ties to the lower index, NaN lowest; survivors keep their order). <c>Keep</c> ≥ the tokens
/// alive drops nothing.
/// </param>
public sealed record ScoreStep(ScoreRequest Score, int Keep);
