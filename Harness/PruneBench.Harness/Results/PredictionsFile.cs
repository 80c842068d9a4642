using System.Text;
using System.Text.Json;

namespace PruneBench.Harness.Results;

/// <summary>
/// The per-sample predictions JSONL beside a results CSV (<c>x.csv</c> → <c>x.predictions.jsonl</c>).
/// A run's lines are written and flushed before its CSV row, so on open every line whose run has no
/// row yet (the run was killed) is dropped: the rerun writes them again and nothing is duplicated.
/// </summary>
public sealed class PredictionsFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly Dictionary<string, List<PredictionRecord>> _byRun;

    private PredictionsFile(string path, Dictionary<string, List<PredictionRecord>> byRun)
    {
        Path = path;
        _byRun = byRun;
    }

    /// <summary>The JSONL path.</summary>
    public string Path { get; }

    /// <summary>Predictions path for a results CSV path.</summary>
    public static string PathFor(string csvPath) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(csvPath) ?? ".", System.IO.Path.GetFileNameWithoutExtension(csvPath) + ".predictions.jsonl");

    /// <summary>
    /// Opens the file, keeping only lines of runs in <paramref name="finishedRuns"/> (rewritten atomically
    /// when anything is dropped).
    /// </summary>
    public static PredictionsFile OpenForAppend(string path, IReadOnlySet<string> finishedRuns)
    {
        var byRun = new Dictionary<string, List<PredictionRecord>>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, "", new UTF8Encoding(false));
            return new PredictionsFile(path, byRun);
        }

        var text = File.ReadAllText(path, Encoding.UTF8);
        var lines = text.Split('\n');
        var dropped = false;
        // The last element is "" after a final newline, or a partial line cut by a kill.
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            if (i == lines.Length - 1)
            {
                dropped = true;
                continue;
            }

            PredictionRecord record;
            try
            {
                record = JsonSerializer.Deserialize<PredictionRecord>(line, Json)
                         ?? throw new JsonException("null record");
            }
            catch (JsonException e)
            {
                throw new ResultsSchemaException($"Predictions file '{path}' line {i + 1} is not a prediction record: {e.Message}", e);
            }

            if (!finishedRuns.Contains(record.RunId))
            {
                dropped = true;
                continue;
            }

            if (!byRun.TryGetValue(record.RunId, out var list))
            {
                byRun[record.RunId] = list = [];
            }

            list.Add(record);
        }

        if (dropped)
        {
            var temp = path + ".tmp";
            var sb = new StringBuilder();
            foreach (var record in byRun.Values.SelectMany(x => x))
            {
                sb.Append(JsonSerializer.Serialize(record, Json)).Append('\n');
            }

            File.WriteAllText(temp, sb.ToString(), new UTF8Encoding(false));
            File.Move(temp, path, overwrite: true);
        }

        return new PredictionsFile(path, byRun);
    }

    /// <summary>
    /// Reads every prediction of a finished or in-progress file, by run id (a partial last line is ignored; a sample
    /// written twice counts once). An absent file reads as no predictions.
    /// </summary>
    /// <exception cref="ResultsSchemaException">A complete line is not a prediction record.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> ReadAll(string path)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, IReadOnlyList<PredictionRecord>>(StringComparer.Ordinal);
        }

        var lines = File.ReadAllText(path, Encoding.UTF8).Split('\n');
        var records = new List<PredictionRecord>();
        // The last element is "" after a final newline, or a partial line cut by a kill.
        for (var i = 0; i < lines.Length - 1; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize<PredictionRecord>(lines[i], Json) ?? throw new JsonException("null record"));
            }
            catch (JsonException e)
            {
                throw new ResultsSchemaException($"Predictions file '{path}' line {i + 1} is not a prediction record: {e.Message}", e);
            }
        }

        return records.GroupBy(r => r.RunId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<PredictionRecord>)g.DistinctBy(r => r.SampleId, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Predictions of a finished run, or null when the file has none for it.</summary>
    public IReadOnlyList<PredictionRecord>? ForRun(string runId) => _byRun.TryGetValue(runId, out var list) ? list : null;

    /// <summary>Appends one run's predictions and flushes them to disk.</summary>
    public void Append(IReadOnlyList<PredictionRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        var sb = new StringBuilder();
        foreach (var record in records)
        {
            sb.Append(JsonSerializer.Serialize(record, Json)).Append('\n');
        }

        var bytes = new UTF8Encoding(false).GetBytes(sb.ToString());
        using (var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        _byRun[records[0].RunId] = [.. records];
    }
}
