using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Parameters;
using PruneBench.Core.Plugins;
using PruneBench.Harness.Commands;

using PruneBench.Harness.Usage;

using PruneBench.Harness.Runs;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// Every method setting of a sweep, parsed once — from <c>--param</c>, <c>--params</c> or the sweep file alike — by
/// the method's own binder (<see cref="IReductionMethod.Parse"/>), before anything runs; each run configures the
/// typed setting it finds here.
/// </summary>
public sealed class MethodSettings
{
    private readonly Dictionary<(string Method, string Arguments), MethodSetting> _settings;

    private MethodSettings(Dictionary<(string, string), MethodSetting> settings)
    {
        _settings = settings;
    }

    /// <summary>Parses every parameter combination of every method axis of <paramref name="spec"/>.</summary>
    /// <exception cref="UsageException">Unknown method, unknown key, malformed value or value out of range (names method and key).</exception>
    public static MethodSettings Parse(SweepSpec spec, PluginCatalog plugins)
    {
        var settings = new Dictionary<(string, string), MethodSetting>();
        foreach (var axis in spec.Methods)
        {
            if (axis.Name == RunConfiguration.BaselineMethod && axis.Parameters.Count == 0 && !plugins.Contains(axis.Name))
            {
                continue;
            }

            var method = plugins.Create(axis.Name);
            foreach (var combination in axis.Combinations())
            {
                try
                {
                    settings[(axis.Name, RunConfiguration.CanonicalArguments(combination))] =
                        method.Parse(combination.ToDictionary(kv => kv.Key.Trim(), kv => kv.Value.Trim(), StringComparer.OrdinalIgnoreCase));
                }
                catch (InvalidParameterException e)
                {
                    throw new UsageException($"{e.Message} (see prunebench plugins inspect {axis.Name})", e);
                }
            }
        }

        return new MethodSettings(settings);
    }

    /// <summary>The parsed setting of <paramref name="run"/>'s method and arguments.</summary>
    /// <exception cref="KeyNotFoundException">The run was not part of the parsed sweep.</exception>
    public MethodSetting For(RunConfiguration run) =>
        _settings.TryGetValue((run.Method, run.MethodArguments), out var setting)
            ? setting
            : throw new KeyNotFoundException($"No parsed setting for {run.Method}({run.MethodArguments}): the run is not part of the sweep.");
}
