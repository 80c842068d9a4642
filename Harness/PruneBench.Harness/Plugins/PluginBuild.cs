using System.Reflection;
using System.Security.Cryptography;
using PruneBench.Core.Plugins;
using PruneBench.Harness.Runs;

namespace PruneBench.Harness.Plugins;

/// <summary>
/// What identifies the build of a method's plugin in a run id: assembly name, informational version and the first
/// 16 hex digits of the SHA-256 of the assembly file, e.g. <c>SampleReducer 1.0.0+3f2a… sha256:9c1e…</c>. A rebuilt
/// plugin whose code changed has another hash, so a resumed sweep measures its runs again; a rebuild of the same
/// source is byte-identical (deterministic builds) and keeps its runs. The built-in plugin carries the commit in its
/// informational version, so every commit re-measures the methods (baselines run no plugin code and are kept).
/// </summary>
public static class PluginBuild
{
    /// <summary>Sets <see cref="RunConfiguration.MethodBuild"/> of every run that runs plugin code (each assembly hashed once).</summary>
    public static IReadOnlyList<RunConfiguration> Stamp(IReadOnlyList<RunConfiguration> runs, PluginCatalog plugins)
    {
        var builds = new Dictionary<string, string>(StringComparer.Ordinal);
        return runs.Select(run =>
        {
            if (run.IsBaseline)
            {
                return run;
            }

            var path = plugins.Get(run.Method).AssemblyPath;
            if (!builds.TryGetValue(path, out var build))
            {
                builds[path] = build = Of(path);
            }

            return run with { MethodBuild = build };
        }).ToArray();
    }

    /// <summary>The build string of <paramref name="method"/>'s assembly.</summary>
    public static string Of(PluginMethod method) => Of(method.AssemblyPath);

    /// <summary>The build string of the assembly at <paramref name="assemblyPath"/>.</summary>
    public static string Of(string assemblyPath)
    {
        var name = AssemblyName.GetAssemblyName(assemblyPath);
        var version = System.Diagnostics.FileVersionInfo.GetVersionInfo(assemblyPath).ProductVersion is { Length: > 0 } product
            ? product
            : name.Version?.ToString() ?? "0";
        using var stream = File.OpenRead(assemblyPath);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
        return $"{name.Name} {version} sha256:{hash}";
    }
}
