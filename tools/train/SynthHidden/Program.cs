using System.Globalization;
using PruneBench.Benchmarks.Evaluation;
using PruneBench.Benchmarks.Suites;
using PruneBench.Benchmarks.Synthetic;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;

// SynthHidden MODEL LAYER OUT FRAMES:SAMPLES[,...] [train|test] [SUITE_SEED=0]
// Runs the C# engine on synth samples and writes OUT (safetensors): hidden F32 [N, hidden] = the residual
// stream entering layer LAYER at the last prompt row, answer I64 [N], task I64 [N] (index in SynthTaskNames.All).
if (args.Length is < 4 or > 6)
{
    Console.Error.WriteLine("usage: SynthHidden MODEL LAYER OUT FRAMES:SAMPLES[,...] [train|test] [SUITE_SEED=0]");
    return 2;
}

var directory = SynthToolArgs.ModelDirectory(args[0]);
var layer = int.Parse(args[1], CultureInfo.InvariantCulture);
var split = args.Length > 4 ? SynthToolArgs.Split(args[4]) : SynthSplit.Train;
var seed = args.Length > 5 ? ulong.Parse(args[5], CultureInfo.InvariantCulture) : 0UL;
using var model = LanguageModel.Load(directory, new CpuBackend(), args[0]);
var target = SuiteTarget.ForModelDirectory(args[0], directory, model.HiddenSize, model.VocabSize);
var engine = new ReductionEngine(model);
var hidden = new List<float>();
var answers = new List<long>();
var tasks = new List<long>();
foreach (var group in args[3].Split(','))
{
    var parts = group.Split(':');
    var options = new SynthSuiteOptions(int.Parse(parts[0], CultureInfo.InvariantCulture), 16, int.Parse(parts[1], CultureInfo.InvariantCulture), split, seed);
    foreach (var sample in BenchmarkCatalog.Resolve("synth", options).Samples(target))
    {
        var result = engine.Run(sample.Prompt, null, new RunOptions(CaptureHiddenStates: true));
        var states = result.HiddenStates![layer];
        hidden.AddRange(states.AsSpan(states.Length - model.HiddenSize, model.HiddenSize).ToArray());
        answers.Add(sample.AnswerIndex);
        tasks.Add(SynthTaskNames.All.ToList().FindIndex(t => SynthTaskNames.NameOf(t) == sample.Task));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{group}: {answers.Count} samples so far"));
}

SafetensorsWriter.Write(args[2],
[
    new SafetensorsWriter.Item("hidden", [answers.Count, model.HiddenSize], Floats: [.. hidden]),
    new SafetensorsWriter.Item("answer", [answers.Count], Longs: [.. answers]),
    new SafetensorsWriter.Item("task", [tasks.Count], Longs: [.. tasks]),
]);
return 0;
