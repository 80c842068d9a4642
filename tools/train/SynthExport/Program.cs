using System.Globalization;
using PruneBench.Benchmarks.Synthetic;

// SynthExport OUT_DIR train|test FRAMES:SAMPLES[:DENSITY][,...] [TOKENS_PER_FRAME=16] [SUITE_SEED=0]
// e.g. SynthExport /tmp/synth/train train 8:3000:0,8:3000,64:1500,128:500   (per task; density default 1)
if (args.Length is < 3 or > 5)
{
    Console.Error.WriteLine("usage: SynthExport OUT_DIR train|test FRAMES:SAMPLES[:DENSITY][,...] [TOKENS_PER_FRAME=16] [SUITE_SEED=0]");
    return 2;
}

var split = SynthToolArgs.Split(args[1]);
var groups = args[2].Split(',')
    .Select(g => g.Split(':') switch
    {
        [var f, var n] => (int.Parse(f, CultureInfo.InvariantCulture), int.Parse(n, CultureInfo.InvariantCulture), 1.0),
        [var f, var n, var d] => (int.Parse(f, CultureInfo.InvariantCulture), int.Parse(n, CultureInfo.InvariantCulture), double.Parse(d, CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"group '{g}' must be FRAMES:SAMPLES[:DENSITY]."),
    })
    .ToArray();
var tokens = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16;
var seed = args.Length > 4 ? ulong.Parse(args[4], CultureInfo.InvariantCulture) : 0UL;
SynthTrainingExporter.Export(args[0], split, groups, tokens, seed, Console.Out);
return 0;
