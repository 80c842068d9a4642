using PruneBench.Harness.Results;

namespace PruneBench.Harness.Tests.Infrastructure;

/// <summary>Results rows for tests.</summary>
public static class Rows
{
    /// <summary>An ok row with the given identity and outcome.</summary>
    public static ResultRow Ok(string runId, string method = "fastv", double? budget = 0.5, double accuracy = 0.5, double retention = 0.5,
        double? speedup = 2, string model = "m", string task = "t", int seed = 0, int samples = 10) => new()
    {
        RunId = runId,
        TimestampUtc = "2026-01-01T00:00:00.000Z",
        GitCommit = "abc",
        Model = model,
        Benchmark = "b",
        Task = task,
        Frames = 8,
        TokensPerFrame = 16,
        NSamples = samples,
        Seed = seed,
        Method = method,
        Budget = budget,
        Accuracy = accuracy,
        RetentionMean = retention,
        SpeedupVsBaseline = speedup,
        Status = RunStatus.Ok,
    };
}
