using System.Reflection;
using System.Runtime.Loader;

namespace PruneBench.Core.Plugins;

/// <summary>
/// The load context of one plugin assembly: its private dependencies resolve from the plugin's own
/// folder (through its .deps.json when there is one), and only the contract assembly
/// (PruneBench.Abstractions) comes from the host, so that <c>IReductionMethod</c> is one type on both
/// sides. Framework assemblies fall through to the default context as well.
/// </summary>
public sealed class PluginLoadContext : AssemblyLoadContext
{
    /// <summary>Simple name of the only assembly shared with the host.</summary>
    public const string ContractAssemblyName = "PruneBench.Abstractions";

    private readonly AssemblyDependencyResolver _resolver;

    /// <summary>Creates the context for the plugin at <paramref name="pluginPath"/> (a .dll).</summary>
    public PluginLoadContext(string pluginPath)
        : base(name: Path.GetFileNameWithoutExtension(pluginPath), isCollectible: false)
    {
        PluginPath = pluginPath;
        _resolver = new AssemblyDependencyResolver(pluginPath);
    }

    /// <summary>Full path of the plugin assembly this context serves.</summary>
    public string PluginPath { get; }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Returning null hands the request to the default context: the host's contract copy is used
        // even when the plugin folder carries its own PruneBench.Abstractions.dll.
        if (string.Equals(assemblyName.Name, ContractAssemblyName, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
