namespace PruneBench.Benchmarks.Evaluation;

/// <summary>Accuracy of one task: correct of total.</summary>
/// <param name="Task">Task name.</param>
/// <param name="Correct">Correct predictions.</param>
/// <param name="Total">Samples.</param>
public sealed record TaskAccuracy(string Task, int Correct, int Total)
{
    /// <summary>Correct / Total (0 when empty).</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
}
