using PruneBench.Core.Plugins;
using PruneBench.Harness.Runs;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Sweeps;

/// <summary>The methods shipped in plugins/builtin (what demo and bench sweep by default).</summary>
public static class BuiltinMethods
{
    /// <summary>Names of the built-in methods except the baseline, in catalogue order.</summary>
    /// <exception cref="UsageException">No built-in plugin was found next to the tool.</exception>
    public static IReadOnlyList<string> Names(PluginCatalog catalog)
    {
        var folder = Path.GetFullPath(Path.Combine(PluginLoader.AppPluginFolder, "builtin")) + Path.DirectorySeparatorChar;
        var names = catalog.Methods
            .Where(m => m.AssemblyPath.StartsWith(folder, StringComparison.Ordinal) && m.Name != RunConfiguration.BaselineMethod)
            .Select(m => m.Name)
            .ToArray();
        return names.Length > 0
            ? names
            : throw new UsageException($"No built-in reduction methods found in '{folder}'. Build the Harness project (it copies PruneBench.Plugins.Builtin there).");
    }
}
