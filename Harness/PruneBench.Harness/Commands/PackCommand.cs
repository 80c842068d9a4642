using System.CommandLine;
using PruneBench.Harness.Packs;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench pack check | questions</c>: sample packs of real benchmarks (docs/real-models.md).</summary>
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
        return new Command("pack", "Sample packs: real benchmarks exported with their VLM's visual embeddings.") { check, Questions() };
    }

    private static Command Questions()
    {
        var benchmark = new Option<string>("--benchmark", "-b") { Description = "videomme, mlvu, longvideobench, egoschema or mvbench.", Required = true };
        var annotations = new Option<string[]>("--annotations", "-a")
        {
            Description = "Annotation file as published (.parquet, .json, .jsonl); repeat for MLVU / MVBench task files.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var videos = new Option<string>("--videos") { Description = "Folder holding the benchmark's videos.", Required = true };
        var answers = new Option<string?>("--answers") { Description = "EgoSchema: subset_answers.json (the public answers)." };
        var output = new Option<string>("--out", "-o") { Description = "Questions JSONL to write.", Required = true };
        var skipBad = new Option<bool>("--skip-bad-samples") { Description = "Write the valid questions and list the bad records." };
        var questions = new Command("questions", """
            Read a benchmark's annotation files in their published layout and write the normalised questions JSONL
            that tools/export/export_pack.py exports on the GPU machine. Every video is checked to exist. A bad
            record (missing field, answer not an option, missing video) is named with its file, record and field.

            Examples:
              prunebench pack questions -b videomme -a videomme/test-00000-of-00001.parquet --videos videomme/data -o videomme.jsonl
              prunebench pack questions -b mvbench -a mvbench/json/action_sequence.json --videos mvbench/video/star/Charades_v1_480 -o mvb-as.jsonl
            """)
        {
            benchmark,
            annotations,
            videos,
            answers,
            output,
            skipBad,
        };
        questions.SetAction(p => CommandGuard.Run(p, (o, _) => PackQuestionsService.Write(p.GetValue(benchmark)!, p.GetValue(annotations)!, p.GetValue(videos)!,
            p.GetValue(answers), p.GetValue(output)!, p.GetValue(skipBad), o)));
        return questions;
    }
}
