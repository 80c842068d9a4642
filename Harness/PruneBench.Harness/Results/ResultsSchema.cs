using System.Globalization;
using CsvHelper;

namespace PruneBench.Harness.Results;

/// <summary>
/// Version and columns of the results CSV. The version is written to a sidecar
/// (<c>&lt;csv&gt;.schema.json</c>) and the header row is checked on every open, so a CSV from another
/// schema is refused instead of being appended to with shifted columns.
/// </summary>
public static class ResultsSchema
{
    /// <summary>Bump on any change of columns or of their meaning.</summary>
    public const int Version = 2;

    /// <summary>Sidecar file name suffix.</summary>
    public const string SidecarSuffix = ".schema.json";

    /// <summary>The header line as the CSV writer writes it for <see cref="ResultRow"/> (no newline).</summary>
    public static string HeaderLine { get; } = Header<ResultRow>();

    /// <summary>Columns in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = HeaderLine.Split(',');

    /// <summary>
    /// Columns that differ between two runs of the same configuration and seed: wall-clock time and everything
    /// derived from it, and the device memory high-water mark (on a GPU the driver's pool also holds library
    /// workspaces allocated at first use, so it depends on what the process ran before: measured on the H200, a
    /// 2-GPU shard and the unsharded sweep differed by 0.6 KB in one row). Every other column is a pure function
    /// of the configuration.
    /// </summary>
    public static IReadOnlySet<string> MeasuredColumns { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "timestamp_utc", "prefill_ms_mean", "prefill_ms_p50", "prefill_ms_p90", "speedup_vs_baseline", "reducer_overhead_ms", "peak_mem_mb",
    };

    /// <summary>Writer options for result files: invariant culture, "\n" line ends.</summary>
    public static CsvWriterOptions WriterOptions<T>() =>
        CsvWriterOptions.For<T>() with { FormatProvider = CultureInfo.InvariantCulture, NewLine = "\n" };

    /// <summary>Reader options for result files: invariant culture, comma separated, header required.</summary>
    public static CsvReaderOptions ReaderOptions<T>() =>
        CsvReaderOptions.For<T>() with { FormatProvider = CultureInfo.InvariantCulture, Separator = ',', HasHeader = true, TrackLineNumbers = true };

    /// <summary>The header line of a record type as written.</summary>
    public static string Header<T>()
    {
        using var text = new StringWriter();
        using (var csv = CsvWriter.Create(text, WriterOptions<T>(), leaveOpen: true))
        {
            csv.WriteHeader<T>();
        }

        return text.ToString().TrimEnd('\n');
    }
}
