using System.Globalization;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Parameters;
using PruneBench.Benchmarks.Suites;
using PruneBench.Core.Backends;
using PruneBench.Core.Engine;
using PruneBench.Core.Plugins;
using PruneBench.Harness.Commands;
using PruneBench.Harness.Devices;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Models;
using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Usage;
using PruneBench.Harness.Runs;
using PruneBench.Harness.Results;

namespace PruneBench.Harness.Analysis;

/// <summary>
/// <c>prunebench analyze</c>: runs one model's samples through the engine with every layer's score
/// recorded — unreduced, then under each method at each budget — and writes analysis.csv (one row per
/// setting and layer), analysis.json and the plots of <see cref="AnalysisPlots"/>. Everything is checked
/// before the model is loaded; a setting the model cannot realise (a budget out of reach on a shallow
/// model) is skipped with its reason, a setting whose plugin throws fails alone, and the others still run.
/// </summary>
public static class AnalysisService
{
    /// <summary>Runs the analysis; returns the rows written and the settings skipped or failed.</summary>
    /// <exception cref="UsageException">Bad input; nothing was written.</exception>
    public static AnalysisOutcome Run(AnalysisRequest request, BenchmarkRegistry benchmarks, TextWriter output)
    {
        var plugins = PluginLoader.LoadWithAppFolder(request.PluginFolders);
        var suite = benchmarks.Get(request.Benchmark);
        var slices = Validate(request, suite, plugins);

        var device = DeviceResolver.Resolve(request.Device);
        using var backend = device.Backend;
        if (device.Note is not null)
        {
            output.WriteLine(device.Note);
        }

        var folder = OutputFolder.Prepare(request.Output);
        var model = ModelResolver.Load(request.Model, backend);
        try
        {
            var samples = slices.SelectMany(s => suite.Load(model, s)).ToArray();
            var rows = new List<LayerAnalysisRow>();
            var skipped = new List<string>();
            var failed = new List<string>();
            foreach (var (method, budget) in Settings(request))
            {
                var label = LayerAnalysisRow.Label(method, budget);
                try
                {
                    var configured = method == RunConfiguration.BaselineMethod
                        ? null
                        : plugins.Create(method).Configure(new Dictionary<string, string>(), budget, model.Model.Shape);
                    rows.AddRange(Analyse(model, samples, configured, method, budget, request));
                    output.WriteLine($"analysed {label} on {model.Name} · {suite.Name} ({samples.Length} samples)");
                }
                catch (Exception e) when (e is ParameterException or DeviceOutOfMemoryException)
                {
                    // A setting this model cannot realise (budget out of reach, layers past its depth), or too big for the device.
                    skipped.Add($"{label}: {e.Message}");
                    output.WriteLine($"skipped {label}: {e.Message}");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A plugin that throws fails its own setting; the settings analysed before and after it are kept.
                    failed.Add($"{label}: {e.GetType().Name}: {e.Message}");
                    output.WriteLine($"failed {label}: {e.GetType().Name}: {e.Message}");
                }
            }

            AnalysisCsvFile.Write(Path.Combine(folder, AnalysisCsvFile.FileName), rows);
            new AnalysisManifest("prunebench", device.Environment.GitCommit, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                request.CommandLine, device.Environment.Device, model.Name, suite.Name, slices.Select(s => s.Task).ToArray(),
                slices[0].Frames, slices[0].TokensPerFrame, request.Samples, request.Seed, skipped, failed).Write(folder);
            var plots = rows.Count > 0 ? AnalysisPlots.Write(rows, folder) : [];
            output.WriteLine($"Analysis: {Path.Combine(folder, AnalysisCsvFile.FileName)} ({rows.Count} rows), {plots.Count} plots in {folder}"
                + (failed.Count > 0 ? $"; {failed.Count} setting(s) failed" : ""));
            return new AnalysisOutcome(rows, skipped, failed);
        }
        finally
        {
            model.Model.Dispose();
        }
    }

    /// <summary>The settings analysed, in order: the unreduced model, then each method at each budget.</summary>
    public static IReadOnlyList<(string Method, double? Budget)> Settings(AnalysisRequest request) =>
    [
        (RunConfiguration.BaselineMethod, null),
        .. request.Methods.Where(m => m != RunConfiguration.BaselineMethod).Distinct(StringComparer.Ordinal)
            .SelectMany(m => request.Budgets.Select(b => (m, (double?)b))),
    ];

    private static IReadOnlyList<LayerAnalysisRow> Analyse(LoadedModel model, IReadOnlyList<BenchmarkSample> samples, IConfiguredMethod? configured, string method, double? budget, AnalysisRequest request)
    {
        var engine = new ReductionEngine(model.Model);
        var accumulator = new LayerAccumulator(model.Model.Shape.Layers, request.TopFraction);
        var options = new RunOptions(RecordScores: true);
        for (var i = 0; i < samples.Count; i++)
        {
            // The seed rule of the sweep: one run seed, one reducer seed per sample index.
            var reducer = configured?.CreateReducer(samples[i].Prompt.Layout, unchecked((request.Seed * 1_000_003) + i));
            accumulator.Add(engine.Run(samples[i].Prompt, reducer, options, method), samples[i].RelevantVisualIndices);
        }

        return accumulator.Rows(model.Name, request.Benchmark, method, configured?.CanonicalParameters ?? "", budget);
    }

    /// <summary>Checks the request and returns the slices to draw, one per task.</summary>
    /// <exception cref="UsageException">Names the option, model, method or task at fault.</exception>
    public static IReadOnlyList<BenchmarkSlice> Validate(AnalysisRequest request, IBenchmark suite, PluginCatalog plugins)
    {
        if (request.Samples < 1)
        {
            throw new UsageException($"--samples must be at least 1 (got {request.Samples}).");
        }

        if (!(request.TopFraction > 0 && request.TopFraction <= 1))
        {
            throw new UsageException($"--top-fraction must be in (0, 1] (got {request.TopFraction.ToString(CultureInfo.InvariantCulture)}).");
        }

        foreach (var b in request.Budgets)
        {
            if (!(b > 0 && b <= 1))
            {
                throw new UsageException($"--budgets: {b.ToString(CultureInfo.InvariantCulture)} is not a retention in (0, 1].");
            }
        }

        var methods = request.Methods.Where(m => m != RunConfiguration.BaselineMethod).ToArray();
        if (methods.Length > 0 && request.Budgets.Count == 0)
        {
            throw new UsageException("--budgets: give at least one budget for the methods to run at.");
        }

        foreach (var method in methods)
        {
            if (!plugins.Contains(method))
            {
                throw new UsageException($"--methods: unknown method '{method}'. Known: {string.Join(", ", plugins.Methods.Select(m => m.Name))} (see prunebench plugins list).");
            }
        }

        ModelResolver.Shape(request.Model);
        suite.CheckModel(request.Model);
        var (frames, tokens, _) = suite.Defaults;
        var slices = (request.Tasks.Count > 0 ? request.Tasks : suite.Tasks)
            .Select(t => new BenchmarkSlice(t, request.Frames ?? frames, request.TokensPerFrame ?? tokens, request.Samples, request.Seed))
            .ToArray();
        foreach (var slice in slices)
        {
            suite.Validate(slice);
        }

        return slices;
    }
}
