using PruneBench.Core.Engine;

namespace PruneBench.Harness.Evaluation;

/// <summary>One sample of one run.</summary>
/// <param name="SampleId">Sample id.</param>
/// <param name="Task">Task family.</param>
/// <param name="Answer">Correct option.</param>
/// <param name="Prediction">Arg-max option.</param>
/// <param name="NeedleRecall">Fraction of relevant visual tokens alive at the last layer; null when unknown.</param>
/// <param name="Metrics">Engine metrics of the run.</param>
public sealed record SampleOutcome(string SampleId, string Task, int Answer, int Prediction, double? NeedleRecall, RunMetrics Metrics);
