using PruneBench.Abstractions.Budgets;
using PruneBench.Core.Plugins;
using PruneBench.Harness.Devices;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Leaderboard;
using PruneBench.Harness.Models;
using PruneBench.Harness.Plugins;
using PruneBench.Harness.Progress;
using PruneBench.Harness.Results;
using PruneBench.Harness.Runs;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// The one sweep service behind <c>run</c>, <c>sweep</c>, <c>bench</c> and <c>demo</c>: loads the plugins once,
/// validates the whole request before touching the output folder — plugins, method names and parameters against
/// every model's config, benchmarks, memory, output writability and lock, the schema of an existing results file —
/// then runs the grid (here, in GPU workers, or as an emitted cluster script) and reports.
/// </summary>
public static class SweepService
{
    /// <summary>File name of the results CSV in the output folder.</summary>
    public const string ResultsFileName = "results.csv";

    /// <summary>Runs the sweep and its report; exit code 0 when no run failed, 1 when any did.</summary>
    /// <exception cref="UsageException">Bad input; nothing was written.</exception>
    public static int Execute(SweepRequest request, BenchmarkRegistry benchmarks, TextWriter output, bool outputIsConsole)
    {
        if (request.Emit is not null)
        {
            return SlurmScript.Emit(request, Plan(request, benchmarks), output);
        }

        if (request.Gpus.Count > 0)
        {
            return SweepWorkers.Run(request, Plan(request, benchmarks), output);
        }

        var (summary, csvPath) = Run(request, benchmarks, output, outputIsConsole);
        switch (request.Report)
        {
            case SweepReport.Leaderboard:
                output.WriteLine();
                LeaderboardService.Write([csvPath], request.Output, output);
                output.WriteLine($"Leaderboard: {Path.Combine(request.Output, LeaderboardService.CsvName)}, {Path.Combine(request.Output, LeaderboardService.MarkdownName)}");
                break;
            case SweepReport.SpeedTable:
                output.WriteLine();
                output.Write(SpeedReport.ToMarkdown(ResultsCsvFile.Read(csvPath)));
                break;
        }

        return summary.Failed > 0 ? ExitCodes.RunFailures : ExitCodes.Ok;
    }

    /// <summary>Runs the sweep; returns the counts and the results CSV path.</summary>
    /// <exception cref="UsageException">Bad input; nothing was written.</exception>
    private static (SweepSummary Summary, string ResultsPath) Run(SweepRequest request, BenchmarkRegistry benchmarks, TextWriter output, bool outputIsConsole)
    {
        var plan = Plan(request, benchmarks);
        var (spec, plugins, settings) = (plan.Spec, plan.Plugins, plan.Settings);
        benchmarks = plan.Benchmarks;
        var runs = request.Shard.Select(plan.Runs);

        // The device comes before the output folder: "--device cuda" without a GPU writes nothing.
        var device = DeviceResolver.Resolve(request.Device);
        using var backend = device.Backend;
        if (device.Environment.Device == "cpu")
        {
            var available = MemoryPreflight.AvailableBytes();
            foreach (var model in spec.Models)
            {
                MemoryPreflight.Check(model, ModelResolver.Config(model), available);
            }
        }

        var csvPath = Path.Combine(request.Output, ResultsFileName);
        var folder = OutputFolder.Prepare(request.Output, [.. ResultsCsvFile.FileNames(ResultsFileName), SweepManifest.FileName]);
        using var writer = OutputLock.Acquire(folder, request.CommandLine);
        var results = ResultsCsvFile.OpenForAppend(csvPath);
        var models = CheckpointGuard.Check(folder, runs, results.Rows);
        if (device.Note is not null)
        {
            output.WriteLine(device.Note);
        }

        if (results.TruncatedBytes > 0)
        {
            output.WriteLine($"Removed a partial last line ({results.TruncatedBytes} bytes) left by an interrupted run from '{csvPath}'.");
        }

        var predictions = PredictionsFile.OpenForAppend(PredictionsFile.PathFor(csvPath), results.Rows.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal));
        new SweepManifest("prunebench", device.Environment.GitCommit, DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            request.CommandLine, request.Device, device.Environment.Device, plugins.Assemblies, spec,
            $"{request.Shard.Index}/{request.Shard.Count}", runs.Count, ResultsFileName, Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES"), models).Write(folder);

        using var executor = new EngineRunExecutor(backend, plugins, settings, benchmarks);
        var progress = ProgressReporterFactory.Create(request.Quiet, output, outputIsConsole);
        var summary = new SweepRunner(executor, progress, device.Environment, () => DateTime.UtcNow).Run(runs, results, predictions);
        output.WriteLine($"{summary} Results: {csvPath}");
        return (summary, csvPath);
    }

    /// <summary>Loads the plugins (the one load of the command), resolves and validates the grid and expands it; touches no device and no file.</summary>
    /// <exception cref="UsageException">Bad input.</exception>
    public static SweepPlan Plan(SweepRequest request, BenchmarkRegistry benchmarks)
    {
        var plugins = PluginLoader.LoadWithAppFolder(request.PluginFolders);
        if (request.SkipBadSamples)
        {
            benchmarks = new BenchmarkRegistry(benchmarks.Suites) { SkipBadPackSamples = true };
        }

        var spec = request.Spec.Methods.Count == 0 && request.EveryBuiltinMethod
            ? request.Spec with { Methods = BuiltinMethods.Names(plugins).Select(m => new MethodAxis(m, [])).ToArray() }
            : request.Spec;
        spec = Resolve(spec, benchmarks);
        var settings = Validate(spec, plugins, benchmarks);
        return new SweepPlan(spec, plugins, benchmarks, PluginBuild.Stamp(SweepGrid.Expand(spec), plugins), settings);
    }

    /// <summary>Fills each benchmark axis with its suite's defaults and validates every slice.</summary>
    /// <exception cref="UsageException">Unknown benchmark or task, or sizes out of range.</exception>
    public static SweepSpec Resolve(SweepSpec spec, BenchmarkRegistry benchmarks)
    {
        var axes = spec.Benchmarks.Select(axis =>
        {
            var suite = benchmarks.Get(axis.Name);
            var (frames, tokens, samples) = suite.Defaults;
            var resolved = new BenchmarkAxis(suite.Name,
                axis.Tasks.Count > 0 ? axis.Tasks : suite.Tasks,
                axis.Frames.Count > 0 ? axis.Frames : [frames],
                axis.TokensPerFrame.Count > 0 ? axis.TokensPerFrame : [tokens],
                axis.Samples ?? samples);
            foreach (var task in resolved.Tasks)
            {
                foreach (var f in resolved.Frames)
                {
                    foreach (var n in resolved.TokensPerFrame)
                    {
                        suite.Validate(new BenchmarkSlice(task, f, n, resolved.Samples!.Value, 0));
                    }
                }
            }

            return resolved;
        }).ToArray();
        if (spec.Models.Count == 0)
        {
            throw new UsageException("No model given (--model, or 'models' in the sweep file).");
        }

        if (spec.Seeds.Count == 0)
        {
            throw new UsageException("No seed given.");
        }

        // "./tests/fixtures/llama/" and "tests/fixtures/llama" are one model: one run id.
        var models = spec.Models.Select(m => Path.TrimEndingDirectorySeparator(m.StartsWith("./", StringComparison.Ordinal) ? m[2..] : m)).Distinct().ToArray();
        return spec with { Models = models, Benchmarks = axes };
    }

    /// <summary>
    /// Checks that every model folder exists, every budget is a mean retention in (0, 1] (the one budget check), and
    /// parses every method setting with its method's binder. Whether a setting fits a model's depth and a budget is
    /// known when each run configures its method: a setting that does not is that run's <c>skipped</c> row.
    /// </summary>
    /// <returns>The parsed method settings the runs configure.</returns>
    /// <exception cref="UsageException">Missing model, a benchmark that cannot feed a model, a budget outside (0, 1], unknown method, unknown parameter key or bad value.</exception>
    public static MethodSettings Validate(SweepSpec spec, PluginCatalog plugins, BenchmarkRegistry benchmarks)
    {
        foreach (var model in spec.Models)
        {
            ModelResolver.Shape(model);
            foreach (var axis in spec.Benchmarks)
            {
                benchmarks.Get(axis.Name).CheckModel(model);
            }
        }

        foreach (var budget in spec.Budgets)
        {
            if (MeanRetention.Problem(budget) is { } problem)
            {
                throw new UsageException($"Budgets (--budget, --budgets or the sweep file's 'budgets'): {problem}.");
            }
        }

        if (spec.Methods.Count == 0)
        {
            throw new UsageException("No method given (--method/--methods, or 'methods' in the sweep file).");
        }

        return MethodSettings.Parse(spec, plugins);
    }
}
