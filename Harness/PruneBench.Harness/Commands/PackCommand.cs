using System.CommandLine;
using PruneBench.Harness.Packs;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench pack check</c>: sample packs of real benchmarks (docs/real-models.md).</summary>
public static class PackCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "Pack folder (pack.json, samples.jsonl, features/)." };
        var model = new Option<string?>("--model", "-m") { Description = "Check against this model's config too (width, vocabulary, 1-D or M-RoPE positions); no weights are loaded." };
        var skipBad = new Option<bool>("--skip-bad-samples") { Description = "Exit 0 when only some samples are bad (they are still listed)." };
        var check = new Command("check", """
            Validate a pack without running it and print its summary: samples, frames × tokens per frame,
            width, tasks, durations, position ids. Every bad sample is listed with the field at fault; exit 2
            when there is one (unless --skip-bad-samples), or when the pack as a whole does not fit.

            Examples:
              prunebench pack check packs/videomme-ov7b --model models/ov7b
            """)
        {
            directory,
            model,
            skipBad,
        };
        check.SetAction(p => CommandGuard.Run(p, (o, _) => PackCheckService.Check(p.GetValue(directory)!, p.GetValue(model), p.GetValue(skipBad), o)));
        return new Command("pack", "Sample packs: real benchmarks exported with their VLM's visual embeddings.") { check };
    }
}
