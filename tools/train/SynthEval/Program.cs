using System.Globalization;
using PruneBench.Benchmarks.Evaluation;
using PruneBench.Benchmarks.Suites;
using PruneBench.Benchmarks.Synthetic;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;

// SynthEval MODEL [FRAMES=64] [SAMPLES_PER_TASK=40] [TOKENS_PER_FRAME=16] [test|train] [SUITE_SEED=0]
// MODEL is a shipped name (synth-qwen2, synth-nemotronh) or a model folder. Prints a Markdown table.
// `train 1` is train.py's validation split (device_train.sh exports it), for a C#-vs-PyTorch check.
// The suite is synth-hop (six tasks) for a model whose vocabulary has the two-hop words, else synth (five).
if (args.Length is < 1 or > 6)
{
    Console.Error.WriteLine("usage: SynthEval MODEL [FRAMES=64] [SAMPLES_PER_TASK=40] [TOKENS_PER_FRAME=16] [test|train] [SUITE_SEED=0]");
    return 2;
}

var directory = SynthToolArgs.ModelDirectory(args[0]);
var frames = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
var perTask = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40;
var tokens = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16;
var split = args.Length > 4 ? SynthToolArgs.Split(args[4]) : SynthSplit.Test;
var seed = args.Length > 5 ? ulong.Parse(args[5], CultureInfo.InvariantCulture) : 0UL;
using var model = LanguageModel.Load(directory, new CpuBackend(), args[0]);
var target = SuiteTarget.ForModelDirectory(args[0], directory, model.HiddenSize, model.VocabSize);
var suiteName = target.Wiring?.Vocabulary.Tokens.Count >= SynthVocabulary.Vocabulary.Count ? BenchmarkCatalog.HopSuiteName : "synth";
var suite = BenchmarkCatalog.Resolve(suiteName, new SynthSuiteOptions(frames, tokens, perTask, split, seed));
var rows = AccuracyMeter.Measure(new ReductionEngine(model), suite.Samples(target));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{args[0]}: {suiteName}/{split.ToString().ToLowerInvariant()} (suite seed {seed}), {frames} frames × {tokens} tokens, {perTask} samples per task"));
Console.WriteLine("| task | correct | total | accuracy |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var r in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Task} | {r.Correct} | {r.Total} | {r.Accuracy:P1} |"));
}

return 0;
