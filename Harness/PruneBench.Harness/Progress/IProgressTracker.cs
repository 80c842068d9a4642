namespace PruneBench.Harness.Progress;

/// <summary>What a sweep tells its progress display.</summary>
public interface IProgressTracker
{
    /// <summary>A run starts; <paramref name="label"/> is its configuration.</summary>
    void Starting(string label);

    /// <summary>The current run ended with <paramref name="outcome"/> (e.g. "ok acc 0.82").</summary>
    void Finished(string label, string outcome);

    /// <summary>A message that must stay visible (a skipped configuration).</summary>
    void Note(string message);

    /// <summary>Why a run failed: shown by every display, <c>--quiet</c> included.</summary>
    void Failure(string message);
}
