using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Parameters;
using PruneBench.Benchmarks.Suites;
using PruneBench.Core.Engine;
using PruneBench.Core.Plugins;
using PruneBench.Harness.Models;
using PruneBench.Harness.Runs;
using PruneBench.Harness.Sweeps;

namespace PruneBench.Harness.Evaluation;

/// <summary>
/// Runs configurations on the reduction engine: loads each model once (the sweep is ordered model by
/// model), draws each benchmark slice once, warms the model up once untimed (and each method once more,
/// untimed, on the slice's first sample), then runs every sample
/// with a fresh reducer seeded from the run seed and the sample index. Method settings come parsed (<see cref="MethodSettings"/>).
/// </summary>
public sealed class EngineRunExecutor(Core.Backends.IBackend backend, PluginCatalog plugins, MethodSettings settings, BenchmarkRegistry benchmarks)
    : IRunExecutor, IDisposable
{
    private LoadedModel? _model;
    private string? _modelKey;
    private (string Key, IReadOnlyList<BenchmarkSample> Samples)? _slice;

    /// <inheritdoc />
    public RunMeasurement Execute(RunConfiguration run)
    {
        try
        {
            return Measure(run);
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            // libtorch's failures: out of memory → skipped row; anything else → failed row with libtorch's first line.
            throw Core.Backends.Torch.LibTorchErrors.Translate(e);
        }
    }

    private RunMeasurement Measure(RunConfiguration run)
    {
        var model = Model(run.Model);
        var suite = benchmarks.Get(run.Benchmark);
        var samples = Samples(model, suite, run);
        var engine = new ReductionEngine(model.Model);

        IConfiguredMethod? configured = null;
        if (!run.IsBaseline)
        {
            try
            {
                configured = plugins.Create(run.Method).Configure(settings.For(run), run.Budget, model.Model.Shape);
            }
            catch (NotApplicableException e)
            {
                // A valid setting this model cannot realise (budget out of reach, layers past its depth).
                throw new MethodNotApplicableException(e.Message, e);
            }
            catch (Exception e) when (e is not ParameterException)
            {
                throw new PluginFailureException($"plugin '{run.Method}': Configure (Resolve) threw {e.GetType().Name}: {e.Message}", e);
            }
        }

        IReducer? Reducer(int i)
        {
            try
            {
                return configured?.CreateReducer(samples[i].Prompt.Layout, unchecked((run.Seed * 1_000_003) + i));
            }
            catch (Exception e)
            {
                throw new PluginFailureException($"plugin '{run.Method}': CreateReducer for sample {samples[i].Id} threw {e.GetType().Name}: {e.Message}", e);
            }
        }

        if (configured is not null)
        {
            // Untimed warm-up of this method: its first prefill meets shapes the baseline never had (one sequence
            // length per layer under a schedule), and libtorch plans, caches and pools per shape on first sight.
            engine.Run(samples[0].Prompt, Reducer(0), RunOptions.Default, run.Method);
        }

        var outcomes = new SampleOutcome[samples.Count];
        var reducedAfter = new SortedSet<int>();
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            var reducer = Reducer(i);
            var result = engine.Run(sample.Prompt, reducer, RunOptions.Default, run.Method);
            reducedAfter.UnionWith(result.Trace.ReducedAfter());
            outcomes[i] = new SampleOutcome(sample.Id, sample.Task, sample.AnswerIndex, sample.PredictedOption(result.LastLogits),
                NeedleRecall(result, sample), result.Metrics);
        }

        // Where the run reduced is what the engine saw happen, over all samples (contract 2.0: methods no longer say).
        return new RunMeasurement(model.Model.Shape.Family == Abstractions.Model.ModelFamily.Hybrid ? "hybrid" : "transformer",
            configured?.CanonicalParameters ?? "", LayerRanges.Format([.. reducedAfter]), suite.MeasuresAccuracy, outcomes);
    }

    /// <summary>Releases the loaded model.</summary>
    public void Dispose() => _model?.Model.Dispose();

    private static double? NeedleRecall(RunResult result, BenchmarkSample sample)
    {
        var relevant = sample.RelevantVisualIndices;
        if (relevant.Length == 0 || result.Trace.Survivors.Length == 0)
        {
            return null; // no ground truth for this sample
        }

        var alive = result.Trace.Survivors[^1].ToHashSet();
        return relevant.Count(alive.Contains) / (double)relevant.Length;
    }

    private LoadedModel Model(string name)
    {
        if (_model is not null && _modelKey == name)
        {
            return _model;
        }

        _model?.Model.Dispose();
        _model = null;
        _model = ModelResolver.Load(name, backend);
        _modelKey = name;
        return _model;
    }

    private IReadOnlyList<BenchmarkSample> Samples(LoadedModel model, IBenchmark suite, RunConfiguration run)
    {
        var key = string.Join('|', run.Model, run.Benchmark, run.Task, run.Frames, run.TokensPerFrame, run.Samples, run.Seed);
        if (_slice is { } cached && cached.Key == key)
        {
            return cached.Samples;
        }

        var samples = suite.Load(model, new BenchmarkSlice(run.Task, run.Frames, run.TokensPerFrame, run.Samples, run.Seed));
        // Untimed warm-up on a new slice: first-touch page faults and JIT stay out of the baseline's timing.
        new ReductionEngine(model.Model).Run(samples[0].Prompt, null, RunOptions.Default);
        _slice = (key, samples);
        return samples;
    }
}
