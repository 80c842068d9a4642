// LayerProfile PRESET BACKEND TOKENS[,TOKENS…] [REPEATS] [WARMUPS] [--method NAME --budget B --plugins DIR]
// LayerProfile PRESET BACKEND --selection VISUAL[,VISUAL…]
//   PRESET   a ModelPresets name (nemotron-nano-12b-v2, qwen2-7b, llama3-8b), or a Hugging Face model folder
//   BACKEND  torch | native | cpu (cpu: for a small model folder; no per-op table)
//   --method a reduction method with its default parameters at budget B, loaded from the plugin folder DIR (the
//            prunebench app's plugins/ folder): the profile of a reduced prefill, so a method's own ops (signals,
//            blend, top-k, compaction) show up in the per-op table next to the layers they shrink (issue 12).
//   --selection the short path's own ops alone at the preset's Mamba shapes (implicit attention over VISUAL columns with
//            8 suffix queries, blend, top-k of a quarter, compaction of the hidden rows and of the score): device time
//            per call, mean of 20 after 3 warm-ups, each op bracketed by device events (no synchronisation between calls).
// For each prompt length (4 text tokens, the visual span, 8 text tokens, as `prunebench bench`'s random prompts):
// WARMUPS warm-up prefills (default 1), then REPEATS timed prefills (the published number, p50) and REPEATS with
// per-layer device brackets (RunOptions.TimeLayers: events in stream order, no synchronisation) for the breakdown.
// Prints CSV: tokens, kind, layers, ms (p50 sum over the layers of that kind), share; then per layer (lines "# layer"):
// tokens entering it, device ms and host ms queueing it (the host's time includes waiting for room in a full launch
// queue: host ≥ device alone does not say the device waited; the device waits when the host's total queueing time
// comes close to the prefill's, as at 25 tokens, not at 16k); then the
// per-op table (one more prefill, every op bracketed by events); then total ms, TFLOP/s, MFU against 790 TFLOP/s, peak GB.
using System.Globalization;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Tokens;
using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Backends.Cuda;
using PruneBench.Core.Backends.Torch;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;
using PruneBench.Core.Plugins;

const double PeakTflops = 790; // bf16 GEMM 8192³ measured on the H200 (docs/performance.md)
// Flags (--name value) anywhere; the rest positional.
var flags = new Dictionary<string, string>(StringComparer.Ordinal);
var positional = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        flags[args[i][2..]] = args[++i];
    }
    else
    {
        positional.Add(args[i]);
    }
}

const string Usage = "usage: LayerProfile PRESET|MODEL_DIR torch|native|cpu TOKENS[,TOKENS…] [REPEATS] [WARMUPS] [--method NAME --budget B --plugins DIR]";
var problem = flags.Keys.Except(["method", "budget", "plugins", "selection"]).FirstOrDefault() is { } unknown ? $"unknown option --{unknown}"
    : flags.ContainsKey("method") != flags.ContainsKey("plugins") ? "--method and --plugins go together"
    : positional.Count < (flags.ContainsKey("selection") ? 2 : 3) ? "PRESET, BACKEND and TOKENS are required"
    : null;
if (problem is not null)
{
    Console.Error.WriteLine($"LayerProfile: {problem}; {Usage}");
    return 2;
}

args = [.. positional];
var repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
var warmups = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
IReductionMethod? method = flags.TryGetValue("method", out var methodName)
    ? PluginLoader.Load([flags["plugins"]]).Create(methodName)
    : null;
double? budget = flags.TryGetValue("budget", out var b) ? double.Parse(b, CultureInfo.InvariantCulture) : null;
IBackend? backend = null;
string reason;
if (args[1] == "torch" && TorchBackend.TryCreate(out var torch, out reason))
{
    backend = torch;
}
else if (args[1] == "native" && CudaBackend.TryCreate(out var cuda, out reason))
{
    backend = cuda;
}
else if (args[1] == "cpu")
{
    // For a model folder (a shipped or fixture model): the tool's own smoke test, where no GPU is.
    (backend, reason) = (new CpuBackend(), "");
}
else
{
    reason = args[1] is "torch" or "native" ? "unavailable" : $"unknown backend '{args[1]}'";
}

if (backend is null)
{
    Console.Error.WriteLine($"LayerProfile: {args[1]}: {reason}");
    return 2;
}

using (backend)
{
    if (flags.TryGetValue("selection", out var selectionSizes))
    {
        var config = ModelPresets.Config(args[0]);
        foreach (var v in selectionSizes.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)))
        {
            SelectionProfile.Run(backend, config, v);
        }

        return 0;
    }

    using var model = Directory.Exists(args[0]) ? LanguageModel.Load(args[0], backend, Path.GetFileName(args[0].TrimEnd('/'))) : ModelPresets.Create(args[0], backend);
    var engine = new ReductionEngine(model);
    var configured = method?.Configure(method.Parse(new Dictionary<string, string>()), budget, model.Shape);
    Console.WriteLine($"# {args[0]} on {backend.Name}{(method is null ? "" : $", method {methodName} at budget {budget}: {configured!.CanonicalParameters}")}");
    Console.WriteLine("tokens,kind,layers,ms,share");
    foreach (var total in args[2].Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)))
    {
        const int prefix = 4, suffix = 8;
        var layout = SampleLayout.WithSquareGrid(prefix, 1, total - prefix - suffix, suffix);
        var rng = new Random(total);
        var ids = Enumerable.Range(0, layout.Length).Select(_ => rng.Next(model.VocabSize)).ToArray();
        var visual = new float[(long)layout.VisualCount * model.HiddenSize];
        for (long i = 0; i < visual.Length; i++)
        {
            visual[i] = (float)((rng.NextDouble() - 0.5) * 0.05);
        }

        var prompt = new Prompt(ids, layout, visual);
        for (var w = 0; w < warmups; w++)
        {
            engine.Run(prompt, configured?.CreateReducer(layout, 0), RunOptions.Default);
        }

        // The .NET collections (gen 0/1/2) during each timed prefill: a reduced prefill allocates per decision, and a
        // collection (with the finalizers it releases) inside one run would show as one slow run of several.
        var collections = new string[repeats];
        var plain = Enumerable.Range(0, repeats).Select(i =>
        {
            var before = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
            var paused = GC.GetTotalPauseDuration();
            var metrics = engine.Run(prompt, configured?.CreateReducer(layout, 0), RunOptions.Default).Metrics;
            collections[i] = string.Join('+', Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - before[g]))
                + string.Create(CultureInfo.InvariantCulture, $" ({(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0.0} ms paused)");
            return metrics;
        }).ToArray();
        var timed = Enumerable.Range(0, repeats).Select(_ => engine.Run(prompt, configured?.CreateReducer(layout, 0), new RunOptions(TimeLayers: true)).Metrics).ToArray();
        var ms = Median(plain.Select(m => m.PrefillMs));
        var kinds = model.Shape.Layers;
        var layerTotal = Median(timed.Select(m => m.LayerMs!.Sum()));
        foreach (var kind in kinds.Distinct())
        {
            var idx = Enumerable.Range(0, kinds.Count).Where(i => kinds[i] == kind).ToArray();
            var kindMs = Median(timed.Select(m => idx.Sum(i => m.LayerMs![i])));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{layout.Length},{kind},{idx.Length},{kindMs:0.0},{kindMs / layerTotal:0.000}"));
        }

        for (var l = 0; l < kinds.Count; l++)
        {
            var device = Median(timed.Select(m => m.LayerMs![l]));
            var host = Median(timed.Select(m => m.LayerHostMs![l]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# layer {l} {kinds[l]}: {timed[0].TokensPerLayer[l]} tokens, device {device:0.000} ms, host {host:0.000} ms"));
        }

        if (backend is TorchBackend profiled)
        {
            // One more prefill with every op bracketed by device events, for the per-op table.
            profiled.ProfileOps = true;
            engine.Run(prompt, configured?.CreateReducer(layout, 0), RunOptions.Default);
            profiled.ProfileOps = false;
            // "Op/stage" entries time stages inside an op (the SSD's): shown under it, not added to the total.
            var opTotal = profiled.OpTimes.Where(kv => !kv.Key.Contains('/')).Sum(kv => kv.Value.Ms);
            foreach (var (op, (opMs, calls)) in profiled.OpTimes.Where(kv => !kv.Key.Contains('/')).OrderByDescending(kv => kv.Value.Ms))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# op {op}: {opMs:0.0} ms over {calls} calls ({opMs / opTotal:P0})"));
                foreach (var (stage, (stageMs, stageCalls)) in profiled.OpTimes.Where(kv => kv.Key.StartsWith(op + "/", StringComparison.Ordinal)))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#   {stage}: {stageMs:0.0} ms over {stageCalls} calls"));
                }
            }
        }

        var m0 = plain[0];
        var tflops = m0.PrefillFlops / (ms / 1000) / 1e12;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# tokens {layout.Length}: prefill p50 {ms:0.0} ms ({string.Join('/', plain.Select(m => m.PrefillMs.ToString("0.0", CultureInfo.InvariantCulture)))}), {m0.PrefillFlops / 1e12:0.0} TFLOP, {tflops:0} TFLOP/s, MFU {tflops / PeakTflops:P0}, peak {plain.Max(m => m.PeakMemoryBytes ?? 0) / 1e9:0.00} GB (weights included), layers (device brackets) {layerTotal:0.0} ms, host queueing {Median(timed.Select(m => m.LayerHostMs!.Sum())):0.0} ms, mean retention {m0.RetentionMean:0.000}, reducer overhead (device) {Median(plain.Select(m => m.ReducerOverheadMs)):0.0} ms, .NET collections gen0+1+2 per run {string.Join(' ', collections)}"));
    }
}

return 0;

static double Median(IEnumerable<double> values)
{
    var s = values.Order().ToArray();
    return s[s.Length / 2];
}
