using PruneBench.Harness.Analysis;
using PruneBench.Harness.Commands;
using PruneBench.Harness.Results;
using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Publishing;

/// <summary>
/// Everything <c>publish</c> was given: results CSVs (recognised by their schema sidecar, so leaderboards
/// and other CSVs are not taken for results) and analysis.csv files, found in the folders given, at any depth.
/// </summary>
/// <param name="Results">Results CSVs, in path order.</param>
/// <param name="Analyses">Analysis CSVs, in path order.</param>
public sealed record SiteInputs(IReadOnlyList<ResultsSource> Results, IReadOnlyList<AnalysisSource> Analyses)
{
    /// <summary>Reads <paramref name="inputs"/> (folders, results CSVs or analysis.csv files).</summary>
    /// <exception cref="UsageException">An input is missing or holds neither results nor an analysis, or two analyses cover one model and benchmark.</exception>
    /// <exception cref="ResultsSchemaException">A file is not of this prunebench's schema; names it.</exception>
    public static SiteInputs Read(IReadOnlyList<string> inputs)
    {
        var results = new SortedSet<string>(StringComparer.Ordinal);
        var analyses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            var before = results.Count + analyses.Count;
            if (Directory.Exists(input))
            {
                foreach (var file in Directory.EnumerateFiles(input, "*.csv", SearchOption.AllDirectories))
                {
                    if (Path.GetFileName(file) == AnalysisCsvFile.FileName)
                    {
                        analyses.Add(Path.GetFullPath(file));
                    }
                    else if (File.Exists(file + ResultsSchema.SidecarSuffix))
                    {
                        results.Add(Path.GetFullPath(file));
                    }
                }
            }
            else if (File.Exists(input))
            {
                (Path.GetFileName(input) == AnalysisCsvFile.FileName ? analyses : results).Add(Path.GetFullPath(input));
            }
            else
            {
                throw new UsageException($"publish: input '{input}' does not exist.");
            }

            if (results.Count + analyses.Count == before)
            {
                throw new UsageException(
                    $"publish: '{input}' holds no results CSV (a *.csv with its {ResultsSchema.SidecarSuffix} sidecar) and no {AnalysisCsvFile.FileName}.");
            }
        }

        var read = analyses.Select(p => new AnalysisSource(p, AnalysisCsvFile.Read(p), AnalysisManifest.Read(Path.Combine(Path.GetDirectoryName(p)!, AnalysisManifest.FileName)))).ToArray();
        CheckOneAnalysisPerBoard(read);
        return new SiteInputs(
            results.Select(p => new ResultsSource(p, ResultsCsvFile.Read(p), SweepProvenance.Read(Path.Combine(Path.GetDirectoryName(p)!, SweepManifest.FileName)))).ToArray(),
            read);
    }

    /// <summary>Two analyses of one model and benchmark would draw two curves under one name: refuse, naming both files.</summary>
    private static void CheckOneAnalysisPerBoard(IReadOnlyList<AnalysisSource> analyses)
    {
        var seen = new Dictionary<(string, string), string>();
        foreach (var source in analyses)
        {
            foreach (var board in source.Rows.Select(r => (r.Model, r.Benchmark)).Distinct())
            {
                if (seen.TryGetValue(board, out var other))
                {
                    throw new UsageException(
                        $"publish: '{other}' and '{source.Path}' both analyse {board.Model} on {board.Benchmark}; pass only one of them.");
                }

                seen[board] = source.Path;
            }
        }
    }
}
