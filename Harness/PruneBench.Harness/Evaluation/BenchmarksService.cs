namespace PruneBench.Harness.Evaluation;

/// <summary><c>prunebench benchmarks list</c>.</summary>
public static class BenchmarksService
{
    /// <summary>Prints every suite with its tasks and defaults.</summary>
    public static int List(BenchmarkRegistry catalog, TextWriter output)
    {
        foreach (var suite in catalog.Suites)
        {
            var (frames, tokens, samples) = suite.Defaults;
            output.WriteLine($"{suite.Name}: {suite.Description}");
            output.WriteLine($"  tasks: {string.Join(", ", suite.Tasks)}");
            output.WriteLine($"  defaults: {frames} frames × {tokens} tokens per frame, {samples} samples per slice{(suite.MeasuresAccuracy ? "" : "; speed only (no accuracy)")}");
        }

        return 0;
    }
}
