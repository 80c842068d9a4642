using System.Globalization;
using CsvHelper;

namespace PruneBench.Benchmarks.Packs;

/// <summary>
/// Medians of a pack's <c>export_timing.csv</c>: vision encoding is not part of PruneBench's prefill timing, so the
/// exporter's measurement is reported beside it.
/// </summary>
/// <param name="Samples">Rows read.</param>
/// <param name="VisionMsP50">Median vision time (tower + projector + merge), ms.</param>
/// <param name="LlmMsP50">Median LLM prefill time in transformers, ms.</param>
public sealed record ExportTiming(int Samples, double VisionMsP50, double LlmMsP50)
{
    /// <summary>File name inside a pack folder.</summary>
    public const string FileName = "export_timing.csv";

    /// <summary>The pack's export timing, or null when the pack has none.</summary>
    /// <exception cref="PackValidationException">The file is malformed (names it and the line).</exception>
    public static ExportTiming? Read(string packDirectory)
    {
        var path = Path.Combine(packDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        List<ExportTimingRow> rows;
        using (var stream = File.OpenRead(path))
        using (var csv = CsvReader.Create(stream, CsvReaderOptions.For<ExportTimingRow>() with { FormatProvider = CultureInfo.InvariantCulture, Separator = ',', HasHeader = true, TrackLineNumbers = true }))
        {
            try
            {
                rows = csv.GetRecords<ExportTimingRow>().ToList();
            }
            catch (CsvFormatException e)
            {
                throw new PackValidationException($"{path}: malformed row (line {e.LineNumber}): {e.Message}", e);
            }
        }

        return rows.Count == 0 ? null : new ExportTiming(rows.Count, Median(rows.Select(r => r.VisionMs)), Median(rows.Select(r => r.LlmMs)));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
