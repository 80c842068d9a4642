using PruneBench.Abstractions.Methods;
using PruneBench.Benchmarks.Suites;
using PruneBench.Core.Engine;

namespace PruneBench.Benchmarks.Evaluation;

/// <summary>
/// Runs samples through the engine and counts correct answers per task (arg-max over the option
/// letters at the last position). The harness does the full measurement; this is the small check the
/// model docs and tests use.
/// </summary>
public static class AccuracyMeter
{
    /// <summary>Per-task accuracy, tasks in first-seen order, then the overall row named "all".</summary>
    /// <param name="engine">Engine over the model.</param>
    /// <param name="samples">Samples to run.</param>
    /// <param name="reducerFactory">Makes a reducer per sample, or null for the unreduced model.</param>
    public static IReadOnlyList<TaskAccuracy> Measure(
        ReductionEngine engine, IEnumerable<BenchmarkSample> samples, Func<BenchmarkSample, IReducer?>? reducerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(samples);
        var counts = new Dictionary<string, (int Correct, int Total)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var sample in samples)
        {
            var result = engine.Run(sample.Prompt, reducerFactory?.Invoke(sample), RunOptions.Default);
            var ok = sample.PredictedOption(result.LastLogits) == sample.AnswerIndex ? 1 : 0;
            if (!counts.TryGetValue(sample.Task, out var c))
            {
                order.Add(sample.Task);
            }

            counts[sample.Task] = (c.Correct + ok, c.Total + 1);
        }

        var rows = order.Select(t => new TaskAccuracy(t, counts[t].Correct, counts[t].Total)).ToList();
        rows.Add(new TaskAccuracy("all", rows.Sum(r => r.Correct), rows.Sum(r => r.Total)));
        return rows;
    }
}
