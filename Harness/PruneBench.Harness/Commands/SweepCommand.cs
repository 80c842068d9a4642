using System.CommandLine;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench sweep</c>: a grid from flags or a sweep file (YAML or JSON).</summary>
public static class SweepCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Option<string?>("--file", "-f") { Description = "Sweep file (YAML or JSON); unknown keys are errors. See docs/cli.md." };
        var models = new Option<string[]>("--model", "-m") { Description = "Model folder or name (repeatable or comma-separated)." };
        var benchmarks = new Option<string[]>("--benchmark", "-b") { Description = $"Benchmark (default {BenchmarkRegistry.DefaultBenchmark})." };
        var tasks = new Option<string[]>("--task") { Description = "Task families (default: all of the benchmark)." };
        var frames = new Option<string[]>("--frames") { Description = "Frame counts m (default: the benchmark's)." };
        var tokens = new Option<string[]>("--tokens-per-frame") { Description = "Visual tokens per frame n (default: the benchmark's)." };
        var samples = new Option<int?>("--samples") { Description = "Samples per slice (default: the benchmark's)." };
        var methods = new Option<string[]>("--methods") { Description = "Methods (repeatable or comma-separated); the 'none' baseline is always run." };
        var parameters = new Option<string[]>("--param") { Description = "method:key=value; repeat a key for alternatives (--param fastv:k=2 --param fastv:k=4)." };
        var budgets = new Option<string[]>("--budgets") { Description = "Mean-retention budgets in (0, 1], e.g. 0.25,0.5,0.75." };
        var seeds = new Option<string[]>("--seeds") { Description = "Seeds (default 0)." };
        var output = new Option<string?>("--out", "-o") { Description = $"Output folder (default: the file's 'output', else {SweepSource.DefaultOutput})." };
        var skipBad = new Option<bool>("--skip-bad-samples") { Description = "Sample packs (pack:DIR): run the valid samples and skip invalid ones instead of refusing the pack." };
        var shard = new Option<string?>("--shard") { Description = "Run only part K/N of the grid (whole slices; 0 ≤ K < N), e.g. one per GPU; join with prunebench merge." };
        var gpus = new Option<string[]>("--gpus") { Description = "Run one worker process per GPU (CUDA_VISIBLE_DEVICES=each) over disjoint shards into <out>/shard-K, then merge into <out>; e.g. --gpus 0,1." };
        var emit = new Option<string?>("--emit") { Description = "Write a cluster script for the grid instead of running it: slurm (a job array plus its merge, into <out>/slurm)." };
        var shards = new Option<int?>("--shards") { Description = "Array tasks of --emit (default: one per slice)." };
        var device = CommonOptions.Device();
        var plugins = CommonOptions.Plugins();
        var quiet = CommonOptions.Quiet();

        var command = new Command("sweep", """
            Run a grid: models × benchmark slices × methods (× their parameter grids) × budgets × seeds.
            Results go to <out>/results.csv (one row per run, appended as runs finish), per-sample predictions
            to <out>/results.predictions.jsonl, the resolved grid and git commit to <out>/sweep.json.
            Rerunning the same command resumes: finished runs are skipped.

            Examples:
              prunebench sweep -m tests/fixtures/llama --benchmark random --methods fastv,random --budgets 0.25,0.5
              prunebench sweep -f samples/sweeps/synth.yaml --device cuda
              prunebench sweep -m synth-qwen2 --methods fastv --param fastv:k=1 --param fastv:k=2 --budgets 0.75
              prunebench sweep -f big.yaml --gpus 0,1 -o results/big                    # two GPUs, merged into results/big
              prunebench sweep -f big.yaml --emit slurm --shards 8 -o results/big       # writes results/big/slurm/submit.sh
              prunebench sweep -f big.yaml --shard $SLURM_ARRAY_TASK_ID/8 -o results/big/shard-$SLURM_ARRAY_TASK_ID
            """)
        {
            file, models, benchmarks, tasks, frames, tokens, samples, methods, parameters, budgets, seeds, output, shard, gpus, emit, shards, skipBad, device, plugins, quiet,
        };
        command.SetAction(p => CommandGuard.Run(p, (o, console) => SweepService.Execute(
            SweepSource.Request(p.GetValue(file),
                new SweepFlags(CommonOptions.Split(p.GetValue(models)), CommonOptions.Split(p.GetValue(benchmarks)), CommonOptions.Split(p.GetValue(tasks)),
                    CommonOptions.Ints(p.GetValue(frames), "--frames"), CommonOptions.Ints(p.GetValue(tokens), "--tokens-per-frame"), p.GetValue(samples),
                    CommonOptions.Split(p.GetValue(methods)), p.GetValue(parameters) ?? [], SweepSource.Budgets(p.GetValue(budgets)),
                    CommonOptions.Ints(p.GetValue(seeds), "--seeds")),
                p.GetValue(output), p.GetResult(device) is { Implicit: false } ? p.GetValue(device) : null, p.GetValue(plugins) ?? [], p.GetValue(quiet),
                CommonOptions.CommandLine(p)) with
            {
                Shard = p.GetValue(shard) is { } k ? SweepShard.Parse(k) : SweepShard.All,
                SkipBadSamples = p.GetValue(skipBad),
                Gpus = CommonOptions.Split(p.GetValue(gpus)),
                Emit = p.GetValue(emit),
                EmitShards = p.GetValue(shards),
            },
            BenchmarkRegistry.Default, o, console)));
        return command;
    }
}
