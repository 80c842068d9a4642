using System.Globalization;
using System.Text;
using PruneBench.Harness.Results;

namespace PruneBench.Harness.Leaderboard;

/// <summary>The table <c>prunebench bench</c> prints: prefill time, speedup and cost per method and budget.</summary>
public static class SpeedReport
{
    /// <summary>Markdown, one table per model and slice.</summary>
    public static string ToMarkdown(IEnumerable<ResultRow> rows)
    {
        var sb = new StringBuilder();
        foreach (var group in rows.Where(r => r.Status == RunStatus.Ok)
                     .GroupBy(r => (r.Model, r.Frames, r.TokensPerFrame, r.Device)))
        {
            sb.Append(CultureInfo.InvariantCulture, $"### {group.Key.Model} · {group.Key.Frames}×{group.Key.TokensPerFrame} visual tokens · {group.Key.Device}\n\n");
            sb.Append("| method | budget | prefill ms (p50) | speedup | mean retention | prefill TFLOPs | KV MB | SSM MB | peak MB |\n");
            sb.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (var r in group.OrderBy(r => r.Budget ?? 2).ThenBy(r => r.Method, StringComparer.Ordinal))
            {
                sb.Append(CultureInfo.InvariantCulture,
                    $"| {r.Method} | {(r.Budget is { } b ? b.ToString("0.##", CultureInfo.InvariantCulture) : "—")} | {r.PrefillMsP50:0.0} | {r.SpeedupVsBaseline:0.00}× | {r.RetentionMean:0.000} | {r.PrefillTflops:G4} | {r.KvCacheMb:0.0} | {r.SsmStateMb:0.0} | {r.PeakMemMb:0} |\n");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}
