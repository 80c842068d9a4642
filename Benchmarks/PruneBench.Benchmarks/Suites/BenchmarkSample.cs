using PruneBench.Core.Engine;

namespace PruneBench.Benchmarks.Suites;

/// <summary>
/// One multiple-choice sample ready for the engine. The prediction is the arg-max of the last-position
/// logits over <see cref="OptionTokenIds"/>; it is correct when it equals <see cref="AnswerIndex"/>.
/// </summary>
/// <param name="Id">Stable sample id.</param>
/// <param name="Task">Task family or benchmark category.</param>
/// <param name="Prompt">Token ids, layout and visual embeddings [m·n × hidden].</param>
/// <param name="AnswerIndex">Correct option.</param>
/// <param name="OptionTokenIds">Ids of the option letters, in option order.</param>
/// <param name="RelevantVisualIndices">Ground-truth relevant visual indices (ascending), or empty when unknown.</param>
/// <param name="DurationBucket">short / medium / long when the benchmark defines one, else null.</param>
public sealed record BenchmarkSample(
    string Id,
    string Task,
    Prompt Prompt,
    int AnswerIndex,
    int[] OptionTokenIds,
    int[] RelevantVisualIndices,
    string? DurationBucket)
{
    /// <summary>Index of the option whose token has the largest logit in <paramref name="lastLogits"/> [vocab].</summary>
    public int PredictedOption(ReadOnlySpan<float> lastLogits)
    {
        var best = 0;
        for (var i = 1; i < OptionTokenIds.Length; i++)
        {
            if (lastLogits[OptionTokenIds[i]] > lastLogits[OptionTokenIds[best]])
            {
                best = i;
            }
        }

        return best;
    }
}
