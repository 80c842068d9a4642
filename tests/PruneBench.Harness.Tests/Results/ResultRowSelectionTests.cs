using PruneBench.Harness.Results;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Results;

public sealed class ResultRowSelectionTests
{
    [Fact]
    public void One_row_per_run_id_prefers_ok_then_the_latest_end_and_counts_the_rest()
    {
        var failed = Rows.Ok("a") with { Status = RunStatus.Failed, Accuracy = null };
        var early = Rows.Ok("b") with { TimestampUtc = "2026-01-01T00:00:00.000Z", Accuracy = 0.1 };
        var late = Rows.Ok("b") with { TimestampUtc = "2026-01-02T00:00:00.000Z", Accuracy = 0.2 };

        var (rows, dropped) = ResultRowSelection.OnePerRunId([failed, early, Rows.Ok("a"), late, Rows.Ok("c")]);

        Assert.Equal(2, dropped);
        Assert.Equal(["a", "b", "c"], rows.Select(r => r.RunId));
        Assert.Equal(RunStatus.Ok, rows[0].Status);
        Assert.Equal(0.2, rows[1].Accuracy);
    }

    [Fact]
    public void A_configuration_measured_by_two_plugin_builds_counts_once_with_the_newest_row()
    {
        var old = Rows.Ok("old-build") with { TimestampUtc = "2026-01-01T00:00:00.000Z", Accuracy = 0.4 };
        var fresh = Rows.Ok("new-build") with { TimestampUtc = "2026-02-01T00:00:00.000Z", Accuracy = 0.6 };
        var otherDevice = Rows.Ok("gpu") with { Device = "cuda", DType = "bf16" };

        var (rows, dropped) = ResultRowSelection.NewestPerConfiguration([old, fresh, otherDevice, Rows.Ok("other-seed", seed: 1)]);

        Assert.Equal(1, dropped);
        Assert.Equal(["new-build", "gpu", "other-seed"], rows.Select(r => r.RunId));
    }
}
