namespace PruneBench.Benchmarks.Annotations;

/// <summary>
/// VideoMME's duration buckets for benchmarks that give seconds: short up to 2 min, medium up to 15 min, long above
/// (VideoMME's own videos are &lt; 2 min, 4–15 min and 30–60 min).
/// </summary>
public static class DurationBuckets
{
    /// <summary>short, medium or long for a length in seconds.</summary>
    public static string Of(double seconds) => seconds <= 120 ? "short" : seconds <= 900 ? "medium" : "long";
}
