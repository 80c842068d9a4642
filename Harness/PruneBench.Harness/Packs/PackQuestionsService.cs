using PruneBench.Benchmarks.Annotations;
using PruneBench.Harness.Commands;

namespace PruneBench.Harness.Packs;

/// <summary>
/// <c>prunebench pack questions</c>: reads a benchmark's annotation files in their published layout and writes the
/// normalised questions JSONL that tools/export/export_pack.py turns into a pack on the GPU machine. Exit 0 when every
/// record was read (or bad ones may be skipped), 2 otherwise; nothing is written when a record is bad and not skipped.
/// </summary>
public static class PackQuestionsService
{
    /// <summary>Reads and writes; returns the exit code.</summary>
    /// <exception cref="UsageException">Unknown benchmark, unreadable file, missing videos folder, or (unless skipping) a bad record.</exception>
    public static int Write(string benchmark, IReadOnlyList<string> annotations, string videos, string? answers, string output, bool skipBad, TextWriter console)
    {
        AnnotationSet set;
        IAnnotationReader reader;
        try
        {
            reader = AnnotationReaders.Get(benchmark);
            set = AnnotationReaders.Read(reader, annotations, videos, answers, skipBad);
        }
        catch (AnnotationException e)
        {
            throw new UsageException(e.Message + (skipBad ? "" : " (--skip-bad-samples writes the valid questions only)"), e);
        }

        QuestionsFile.Write(output, set.Questions);
        console.WriteLine($"{set.Benchmark}: {set.Questions.Count} questions written to {output}; {set.Rejected.Count} rejected"
            + (set.Unanswered > 0 ? $"; {set.Unanswered} without a public answer left out" : ""));
        console.WriteLine($"tasks: {string.Join(", ", set.Questions.GroupBy(q => q.Task).Select(g => $"{g.Key} ({g.Count()})"))}");
        console.WriteLine($"frame sampling for the export: {reader.Sampling}");
        foreach (var r in set.Rejected)
        {
            console.WriteLine($"rejected: {r.File} record {r.Record} ('{r.Id}'): {r.Reason}");
        }

        return ExitCodes.Ok;
    }
}
