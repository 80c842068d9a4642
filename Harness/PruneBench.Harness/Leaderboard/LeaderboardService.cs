using System.Text;
using PruneBench.Harness.Results;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Leaderboard;

/// <summary>
/// Builds the leaderboard from result CSVs (files, or folders whose *.csv are results) and writes
/// <c>leaderboard.csv</c> and <c>leaderboard.md</c>: <c>prunebench leaderboard</c> into its own <c>--out</c> folder
/// (never an input's folder, so published results are not overwritten), and <c>demo</c> into its output folder.
/// Rows are de-duplicated first (<see cref="ResultRowSelection"/>) and the count dropped is printed.
/// </summary>
public static class LeaderboardService
{
    /// <summary>File name of the leaderboard CSV.</summary>
    public const string CsvName = "leaderboard.csv";

    /// <summary>File name of the Markdown rendering.</summary>
    public const string MarkdownName = "leaderboard.md";

    /// <summary>Default output folder of <c>prunebench leaderboard</c>.</summary>
    public const string DefaultOutput = "results/leaderboard";

    /// <summary><c>prunebench leaderboard</c>: refuses an output folder that holds an input, then writes.</summary>
    /// <exception cref="UsageException"><paramref name="outputFolder"/> is an input folder or the folder of an input file.</exception>
    /// <exception cref="FileNotFoundException">An input does not exist.</exception>
    /// <exception cref="ResultsSchemaException">An input is not a results CSV of this schema.</exception>
    public static int Run(IReadOnlyList<string> inputs, string? outputFolder, TextWriter output)
    {
        var folder = outputFolder ?? DefaultOutput;
        var files = ResultFiles(inputs);
        var target = Full(folder);
        foreach (var input in inputs)
        {
            var inputFolder = Directory.Exists(input) ? Full(input) : Full(Path.GetDirectoryName(Path.GetFullPath(input))!);
            if (inputFolder == target)
            {
                throw new UsageException(
                    $"--out '{folder}' is the folder of input '{input}': the leaderboard writes only into its own folder (default {DefaultOutput}), never beside the results it reads.");
            }
        }

        OutputFolder.Prepare(folder, CsvName, MarkdownName);
        Write(files, folder, output);
        output.WriteLine($"Leaderboard: {Path.Combine(folder, CsvName)}, {Path.Combine(folder, MarkdownName)}");
        return ExitCodes.Ok;
    }

    /// <summary>Builds and writes the leaderboard of <paramref name="inputs"/> into <paramref name="outputFolder"/>; prints the Markdown.</summary>
    /// <exception cref="FileNotFoundException">An input does not exist.</exception>
    /// <exception cref="ResultsSchemaException">An input is not a results CSV of this schema.</exception>
    public static IReadOnlyList<LeaderboardEntry> Write(IReadOnlyList<string> inputs, string outputFolder, TextWriter output)
    {
        var files = ResultFiles(inputs);
        var (rows, predictions) = Select(files, files.SelectMany(ResultsCsvFile.Read), output);
        var entries = LeaderboardBuilder.Build(rows, predictions);
        var markdown = LeaderboardWriter.ToMarkdown(entries);
        Directory.CreateDirectory(outputFolder);
        LeaderboardWriter.WriteCsv(Path.Combine(outputFolder, CsvName), entries);
        File.WriteAllText(Path.Combine(outputFolder, MarkdownName), markdown, new UTF8Encoding(false));
        output.Write(entries.Count == 0 ? "No successful runs to rank.\n" : markdown);
        return entries;
    }

    /// <summary>
    /// The rows a leaderboard counts — one per run id (<see cref="ResultRowSelection.OnePerRunId"/>), then the newest per
    /// configuration (<see cref="ResultRowSelection.NewestPerConfiguration"/>), printing how many were dropped — and the
    /// predictions beside <paramref name="files"/> by run id (the first file holding a run id wins).
    /// </summary>
    /// <param name="files">The results CSVs <paramref name="rows"/> were read from (their <c>.predictions.jsonl</c> are read).</param>
    /// <param name="rows">Their rows, in file order.</param>
    /// <param name="output">Where the dropped counts are printed.</param>
    public static (IReadOnlyList<ResultRow> Rows, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> Predictions) Select(
        IEnumerable<string> files, IEnumerable<ResultRow> rows, TextWriter output)
    {
        var (unique, repeated) = ResultRowSelection.OnePerRunId(rows);
        var predictions = new Dictionary<string, IReadOnlyList<PredictionRecord>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var (runId, records) in PredictionsFile.ReadAll(PredictionsFile.PathFor(file)))
            {
                predictions.TryAdd(runId, records);
            }
        }

        var (selected, superseded) = ResultRowSelection.NewestPerConfiguration(unique);
        if (repeated > 0)
        {
            output.WriteLine($"Ignored {repeated} duplicate rows (a run id seen before: a folder given twice, copies of a folder, or two writers).");
        }

        if (superseded > 0)
        {
            output.WriteLine($"Ignored {superseded} rows measured again later by another plugin build (same configuration; the newest row counts).");
        }

        return (selected, predictions);
    }

    /// <summary>Expands folders to their result CSVs (every *.csv except leaderboards).</summary>
    /// <exception cref="FileNotFoundException">An input does not exist.</exception>
    public static IReadOnlyList<string> ResultFiles(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input, "*.csv")
                    .Where(f => !string.Equals(Path.GetFileName(f), CsvName, StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                throw new FileNotFoundException($"Results input '{input}' does not exist.", input);
            }
        }

        return files;
    }

    private static string Full(string folder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
}
