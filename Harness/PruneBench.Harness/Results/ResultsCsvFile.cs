using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;

namespace PruneBench.Harness.Results;

/// <summary>
/// A results CSV opened for appending. Every row is written as one complete line and flushed to disk
/// before <see cref="Append"/> returns, so a process killed at any moment leaves at most one partial
/// last line; opening the file again truncates that line away and reports the finished rows, which is
/// what makes sweeps resumable.
/// </summary>
public sealed class ResultsCsvFile
{
    private ResultsCsvFile(string path, List<ResultRow> rows, long truncatedBytes)
    {
        Path = path;
        _rows = rows;
        TruncatedBytes = truncatedBytes;
    }

    private readonly List<ResultRow> _rows;

    /// <summary>The CSV path.</summary>
    public string Path { get; }

    /// <summary>Names of the files a results CSV comes with: itself, its schema sidecar and its predictions, e.g. for <see cref="OutputFolder.Prepare"/>.</summary>
    public static IReadOnlyList<string> FileNames(string csvName) =>
        [csvName, csvName + ResultsSchema.SidecarSuffix, System.IO.Path.GetFileName(PredictionsFile.PathFor(csvName))];

    /// <summary>Rows in the file (those found on open plus those appended since).</summary>
    public IReadOnlyList<ResultRow> Rows => _rows;

    /// <summary>Bytes of a partial last line removed on open (0 when the file was clean).</summary>
    public long TruncatedBytes { get; }

    /// <summary>
    /// Opens <paramref name="path"/> for appending, creating it (header + schema sidecar) when absent.
    /// </summary>
    /// <exception cref="ResultsSchemaException">The file was written with another schema, or a row is malformed.</exception>
    public static ResultsCsvFile OpenForAppend(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            WriteSidecar(path);
            File.WriteAllText(path, ResultsSchema.HeaderLine + "\n", new UTF8Encoding(false));
            return new ResultsCsvFile(path, [], 0);
        }

        CheckSchema(path);
        var truncated = TruncatePartialLine(path);
        if (new FileInfo(path).Length == 0)
        {
            // Killed while the header itself was being written.
            File.WriteAllText(path, ResultsSchema.HeaderLine + "\n", new UTF8Encoding(false));
        }

        WriteSidecar(path);
        return new ResultsCsvFile(path, ReadRows(path), truncated);
    }

    /// <summary>Reads every row of a finished or in-progress results CSV (a partial last line is ignored).</summary>
    /// <exception cref="ResultsSchemaException">Other schema or malformed row.</exception>
    public static IReadOnlyList<ResultRow> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Results file '{path}' does not exist.", path);
        }

        CheckSchema(path);
        return ReadRows(path);
    }

    /// <summary>
    /// Appends one row as one line and flushes it to disk. A row whose run id is already in the file (a failed run
    /// that ran again) replaces the old one instead: the file is rewritten to a temporary file and moved over the
    /// old one, so a kill leaves either the old or the new file, and every run id stays once in the file.
    /// </summary>
    public void Append(ResultRow row)
    {
        var clean = row with { Error = OneLine(row.Error) };
        var replaced = _rows.FindIndex(r => r.RunId == clean.RunId);
        if (replaced >= 0)
        {
            _rows[replaced] = clean;
            var temp = Path + ".tmp";
            var all = new UTF8Encoding(false).GetBytes(ResultsSchema.HeaderLine + "\n" + string.Concat(_rows.Select(Line)));
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(all);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, Path, overwrite: true);
            return;
        }

        var bytes = new UTF8Encoding(false).GetBytes(Line(clean));
        using (var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        _rows.Add(clean);
    }

    private static string Line(ResultRow row)
    {
        using var text = new StringWriter();
        using (var csv = CsvWriter.Create(text, ResultsSchema.WriterOptions<ResultRow>(), leaveOpen: true))
        {
            csv.WriteRecord(row);
        }

        return text.ToString();
    }

    /// <summary>Error messages go into one CSV line: newlines become " | ".</summary>
    public static string OneLine(string text) =>
        text.Replace("\r\n", " | ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');

    private static void CheckSchema(string path)
    {
        var sidecar = path + ResultsSchema.SidecarSuffix;
        if (File.Exists(sidecar))
        {
            int? version;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(sidecar));
                version = doc.RootElement.TryGetProperty("version", out var v) && v.TryGetInt32(out var n) ? n : null;
            }
            catch (JsonException e)
            {
                throw new ResultsSchemaException($"Schema sidecar '{sidecar}' is not valid JSON: {e.Message}", e);
            }

            if (version != ResultsSchema.Version)
            {
                throw new ResultsSchemaException(
                    $"Results file '{path}' uses results schema version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} "
                    + $"(from '{sidecar}'); this prunebench reads and writes version {ResultsSchema.Version}. "
                    + "Write to a new output folder, or rerun the sweep there.");
            }
        }

        string? header;
        using (var reader = new StreamReader(path, Encoding.UTF8))
        {
            header = reader.ReadLine();
        }

        if (header is null || header == ResultsSchema.HeaderLine)
        {
            return;
        }

        // A header cut short by a kill (no newline after it yet) is repaired by the truncation that follows.
        var headerComplete = new FileInfo(path).Length > Encoding.UTF8.GetByteCount(header);
        if (!headerComplete && ResultsSchema.HeaderLine.StartsWith(header, StringComparison.Ordinal))
        {
            return;
        }

        var found = header.Split(',');
        var missing = ResultsSchema.Columns.Except(found).ToArray();
        var extra = found.Except(ResultsSchema.Columns).ToArray();
        throw new ResultsSchemaException(
            $"Results file '{path}' has a header from another results schema (this prunebench writes version {ResultsSchema.Version}). "
            + (missing.Length > 0 ? $"Missing columns: {string.Join(", ", missing)}. " : "")
            + (extra.Length > 0 ? $"Unknown columns: {string.Join(", ", extra)}. " : "")
            + (missing.Length == 0 && extra.Length == 0 ? "Columns are in another order. " : "")
            + "Write to a new output folder, or rerun the sweep there.");
    }

    private static long TruncatePartialLine(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var length = stream.Length;
        var end = length;
        var buffer = new byte[4096];
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            stream.Position = start;
            stream.ReadExactly(buffer, 0, (int)(end - start));
            var i = Array.LastIndexOf(buffer, (byte)'\n', (int)(end - start - 1));
            if (i >= 0)
            {
                var keep = start + i + 1;
                if (keep < length)
                {
                    stream.SetLength(keep);
                    stream.Flush(flushToDisk: true);
                }

                return length - keep;
            }

            end = start;
        }

        stream.SetLength(0);
        return length;
    }

    private static List<ResultRow> ReadRows(string path)
    {
        using var stream = File.OpenRead(path);
        using var csv = CsvReader.Create(stream, ResultsSchema.ReaderOptions<ResultRow>());
        try
        {
            return csv.GetRecords<ResultRow>().ToList();
        }
        catch (CsvFormatException e)
        {
            throw new ResultsSchemaException($"Results file '{path}' has a malformed row (line {e.LineNumber}): {e.Message}", e);
        }
    }

    private static void WriteSidecar(string path)
    {
        var sidecar = path + ResultsSchema.SidecarSuffix;
        var json = JsonSerializer.Serialize(new SchemaSidecar("prunebench-results", ResultsSchema.Version, ResultsSchema.Columns), SidecarJson);
        if (!File.Exists(sidecar) || File.ReadAllText(sidecar) != json)
        {
            File.WriteAllText(sidecar, json, new UTF8Encoding(false));
        }
    }

    private static readonly JsonSerializerOptions SidecarJson = new() { WriteIndented = true };

    private sealed record SchemaSidecar(
        [property: JsonPropertyName("schema")] string Schema,
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("columns")] IReadOnlyList<string> Columns);
}
