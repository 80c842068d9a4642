using CsvHelper;
using PruneBench.Harness.Results;

namespace PruneBench.Harness.Analysis;

/// <summary>analysis.csv: <see cref="LayerAnalysisRow"/>s through CsvHelper (invariant culture, "\n" line ends).</summary>
public static class AnalysisCsvFile
{
    /// <summary>File name in an analysis folder.</summary>
    public const string FileName = "analysis.csv";

    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/>, replacing it.</summary>
    public static void Write(string path, IEnumerable<LayerAnalysisRow> rows)
    {
        using var stream = File.Create(path);
        using var csv = CsvWriter.Create(stream, ResultsSchema.WriterOptions<LayerAnalysisRow>());
        csv.WriteRecords(rows);
    }

    /// <summary>Reads every row of <paramref name="path"/>.</summary>
    /// <exception cref="ResultsSchemaException">The header is not analysis.csv's, or a row is malformed; names the file.</exception>
    public static IReadOnlyList<LayerAnalysisRow> Read(string path)
    {
        var header = File.ReadLines(path).FirstOrDefault();
        if (header != ResultsSchema.Header<LayerAnalysisRow>())
        {
            throw new ResultsSchemaException($"'{path}' is not an analysis CSV of this prunebench: its header is not '{ResultsSchema.Header<LayerAnalysisRow>()}'.");
        }

        using var stream = File.OpenRead(path);
        using var csv = CsvReader.Create(stream, ResultsSchema.ReaderOptions<LayerAnalysisRow>());
        try
        {
            return csv.GetRecords<LayerAnalysisRow>().ToList();
        }
        catch (CsvFormatException e)
        {
            throw new ResultsSchemaException($"Analysis file '{path}' has a malformed row (line {e.LineNumber}): {e.Message}", e);
        }
    }
}
