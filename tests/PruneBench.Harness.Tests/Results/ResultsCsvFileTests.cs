using System.Text;
using PruneBench.Harness.Results;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Results;

public sealed class ResultsCsvFileTests
{
    // BENCHMARKS.md "Results", in order (driver/cuda versions as two columns).
    private static readonly string[] SpecColumns =
    [
        "run_id", "timestamp_utc", "git_commit", "model", "model_family", "dtype", "device", "backend", "libtorch_version", "gpu_name", "driver_version", "cuda_version",
        "benchmark", "task", "frames", "tokens_per_frame", "n_samples", "seed",
        "method", "method_params", "budget", "reduce_layers",
        "accuracy", "accuracy_stderr", "agreement_with_baseline", "needle_recall_final", "retention_final", "retention_mean",
        "visual_tokens_in", "visual_tokens_out", "prefill_ms_mean", "prefill_ms_p50", "prefill_ms_p90", "speedup_vs_baseline",
        "reducer_overhead_ms", "prefill_tflops", "kv_cache_mb", "ssm_state_mb", "peak_mem_mb", "status", "error",
    ];

    [Fact]
    public void The_header_has_exactly_the_spec_columns_in_order()
    {
        using var temp = new TempFolder();
        ResultsCsvFile.OpenForAppend(temp.File("r.csv"));

        Assert.Equal(SpecColumns, File.ReadAllLines(temp.File("r.csv"))[0].Split(','));
        Assert.Equal(SpecColumns, ResultsSchema.Columns);
        Assert.Contains("\"version\": 2", File.ReadAllText(temp.File("r.csv.schema.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Appended_rows_are_on_disk_one_line_each_and_read_back_equal()
    {
        using var temp = new TempFolder();
        var file = ResultsCsvFile.OpenForAppend(temp.File("r.csv"));
        var a = Rows.Ok("a") with { Error = "", MethodParams = "k=2;ratio=0.5", PrefillMsMean = 12.345678901234 };
        var b = Rows.Ok("b") with { Status = RunStatus.Failed, Accuracy = null, Error = "boom, \"quoted\"\nsecond line" };

        file.Append(a);
        file.Append(b);

        Assert.Equal(3, File.ReadAllLines(temp.File("r.csv")).Length);
        var read = ResultsCsvFile.Read(temp.File("r.csv"));
        Assert.Equal(a, read[0]);
        Assert.Equal(b with { Error = "boom, \"quoted\" second line" }, read[1]);
    }

    [Fact]
    public void Numbers_are_written_in_the_invariant_culture_whatever_the_current_one()
    {
        using var temp = new TempFolder();
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = comma;
            var file = ResultsCsvFile.OpenForAppend(temp.File("r.csv"));
            file.Append(Rows.Ok("a") with { Accuracy = 0.125 });
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }

        Assert.Contains(",0.125,", File.ReadAllLines(temp.File("r.csv"))[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_last_line_left_by_a_kill_is_truncated_on_open()
    {
        using var temp = new TempFolder();
        var path = temp.File("r.csv");
        ResultsCsvFile.OpenForAppend(path).Append(Rows.Ok("a"));
        var complete = File.ReadAllBytes(path);
        File.AppendAllText(path, "b,2026-01-01T00:00:00.000Z,abc,m,tra");

        var reopened = ResultsCsvFile.OpenForAppend(path);

        Assert.Equal(complete, File.ReadAllBytes(path));
        Assert.Equal(["a"], reopened.Rows.Select(r => r.RunId));
        Assert.Equal(Encoding.UTF8.GetByteCount("b,2026-01-01T00:00:00.000Z,abc,m,tra"), reopened.TruncatedBytes);
    }

    [Fact]
    public void A_file_killed_while_its_header_was_written_is_started_again()
    {
        using var temp = new TempFolder();
        var path = temp.File("r.csv");
        File.WriteAllText(path, ResultsSchema.HeaderLine[..20]);

        var file = ResultsCsvFile.OpenForAppend(path);

        Assert.Empty(file.Rows);
        Assert.Equal(ResultsSchema.HeaderLine + "\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_csv_with_an_older_header_is_refused_with_the_differences_and_left_untouched()
    {
        using var temp = new TempFolder();
        var path = temp.File("old.csv");
        var old = string.Join(',', SpecColumns.Where(c => c != "needle_recall_final").Append("retention")) + "\nx\n";
        File.WriteAllText(path, old);

        var e = Assert.Throws<ResultsSchemaException>(() => ResultsCsvFile.OpenForAppend(path));

        Assert.Contains("old.csv", e.Message, StringComparison.Ordinal);
        Assert.Contains("Missing columns: needle_recall_final", e.Message, StringComparison.Ordinal);
        Assert.Contains("Unknown columns: retention", e.Message, StringComparison.Ordinal);
        Assert.Equal(old, File.ReadAllText(path));
        Assert.False(File.Exists(path + ResultsSchema.SidecarSuffix));
    }

    [Fact]
    public void A_csv_whose_sidecar_names_another_schema_version_is_refused()
    {
        using var temp = new TempFolder();
        var path = temp.File("r.csv");
        ResultsCsvFile.OpenForAppend(path);
        File.WriteAllText(path + ResultsSchema.SidecarSuffix, "{\"schema\":\"prunebench-results\",\"version\":0}");

        var e = Assert.Throws<ResultsSchemaException>(() => ResultsCsvFile.Read(path));

        Assert.Contains("uses results schema version 0", e.Message, StringComparison.Ordinal);
    }
}
