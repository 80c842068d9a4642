using PruneBench.Abstractions.Budgets;
using PruneBench.Core.Plugins;
using PruneBench.Harness.Commands;
using PruneBench.Harness.Devices;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Models;
using PruneBench.Harness.Progress;
using PruneBench.Harness.Results;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// <c>prunebench sweep</c> (and run, bench, demo): validates the whole request before touching the output
/// folder — plugins, method names and parameters against every model's config, benchmarks, output
/// writability, the schema of an existing results file — then runs the grid and reports.
/// </summary>
public static class SweepService
{
    /// <summary>File name of the results CSV in the output folder.</summary>
    public const string ResultsFileName = "results.csv";

    /// <summary>Runs the sweep; exit code 0 when every run finished, 1 when any failed.</summary>
    /// <exception cref="UsageException">Bad input; nothing was written.</exception>
    public static SweepOutcome Run(SweepRequest request, BenchmarkRegistry benchmarks, TextWriter output, bool outputIsConsole)
    {
        var plugins = PluginLoader.LoadWithAppFolder(request.PluginFolders);
        var spec = Resolve(request.Spec, benchmarks);
        var settings = Validate(spec, plugins, benchmarks);
        var runs = (request.Shard ?? SweepShard.All).Select(SweepGrid.Expand(spec));

        // The device comes before the output folder: "--device cuda" without a GPU writes nothing.
        var device = DeviceResolver.Resolve(request.Device);
        using var backend = device.Backend;
        var folder = PrepareOutput(request.Output);
        var csvPath = Path.Combine(folder, ResultsFileName);
        var results = ResultsCsvFile.OpenForAppend(csvPath);
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
            request.Shard is { } s ? $"{s.Index}/{s.Count}" : "0/1", runs.Count, ResultsFileName).Write(folder);

        using var executor = new EngineRunExecutor(backend, plugins, settings, benchmarks);
        var progress = ProgressReporterFactory.Create(request.Quiet, output, outputIsConsole);
        var summary = new SweepRunner(executor, progress, device.Environment, () => DateTime.UtcNow).Run(runs, results, predictions);
        output.WriteLine($"{summary} Results: {csvPath}");
        return new SweepOutcome(summary, csvPath);
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

    /// <summary>Creates the output folder and proves it writable before anything is written to it.</summary>
    /// <exception cref="UsageException">The folder cannot be created or written.</exception>
    public static string PrepareOutput(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".prunebench-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return folder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Output folder '{folder}' is not writable: {e.Message}", e);
        }
    }
}
