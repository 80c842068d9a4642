using System.Globalization;
using PruneBench.Benchmarks.Evaluation;
using PruneBench.Benchmarks.Models;
using PruneBench.Benchmarks.Suites;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;

// SynthEval MODEL [FRAMES=64] [SAMPLES_PER_TASK=40] [TOKENS_PER_FRAME=16]
// MODEL is a shipped name (synth-qwen2, synth-nemotronh) or a model folder. Prints a Markdown table.
if (args.Length is < 1 or > 4)
{
    Console.Error.WriteLine("usage: SynthEval MODEL [FRAMES=64] [SAMPLES_PER_TASK=40] [TOKENS_PER_FRAME=16]");
    return 2;
}

var directory = ModelCatalog.IsShippedName(args[0]) ? ModelCatalog.Locate().Resolve(args[0]).Directory : args[0];
var frames = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
var perTask = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40;
var tokens = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16;
using var model = LanguageModel.Load(directory, new CpuBackend(), args[0]);
var target = SuiteTarget.ForModelDirectory(args[0], directory, model.HiddenSize, model.VocabSize);
var suite = BenchmarkCatalog.Resolve("synth", new SynthSuiteOptions(frames, tokens, perTask));
var rows = AccuracyMeter.Measure(new ReductionEngine(model), suite.Samples(target));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{args[0]}: synth/test, {frames} frames × {tokens} tokens, {perTask} samples per task"));
Console.WriteLine("| task | correct | total | accuracy |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var r in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Task} | {r.Correct} | {r.Total} | {r.Accuracy:P1} |"));
}

return 0;
