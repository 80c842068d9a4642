using PruneBench.Benchmarks.Packs;
using PruneBench.Benchmarks.Tests.TestSupport;

namespace PruneBench.Benchmarks.Tests.Packs;

/// <summary>The exporter's export_timing.csv, summarised beside PruneBench's own (LLM-only) timing.</summary>
public sealed class ExportTimingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Medians_of_vision_and_llm_time_are_read_from_the_exporters_csv()
    {
        File.WriteAllText(Path.Combine(_temp.Path, ExportTiming.FileName), "id,vision_ms,llm_ms\na,10.5,3.00\nb,30.0,1.00\nc,20.0,2.50\n");
        Assert.Equal(new ExportTiming(3, 20.0, 2.5), ExportTiming.Read(_temp.Path));
    }

    [Fact]
    public void A_pack_without_the_file_has_no_export_timing()
    {
        Assert.Null(ExportTiming.Read(_temp.Path));
    }

    [Fact]
    public void A_malformed_row_is_reported_with_the_file()
    {
        File.WriteAllText(Path.Combine(_temp.Path, ExportTiming.FileName), "id,vision_ms,llm_ms\na,fast,3\n");
        var e = Assert.Throws<PackValidationException>(() => ExportTiming.Read(_temp.Path));
        Assert.Contains(ExportTiming.FileName, e.Message, StringComparison.Ordinal);
    }
}
