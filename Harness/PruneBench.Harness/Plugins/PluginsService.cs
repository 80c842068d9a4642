using PruneBench.Core.Plugins;

namespace PruneBench.Harness.Plugins;

/// <summary><c>prunebench plugins list|inspect</c>: what the plugin loader found, and each method's parameter schema.</summary>
public static class PluginsService
{
    /// <summary>Lists every method with its plugin assembly.</summary>
    public static int List(IReadOnlyList<string> extraFolders, TextWriter output)
    {
        var catalog = PluginLoader.LoadWithAppFolder(extraFolders);
        if (catalog.Methods.Count == 0)
        {
            output.WriteLine($"No reduction methods found (looked in {PluginLoader.AppPluginFolder}{(extraFolders.Count > 0 ? " and " + string.Join(", ", extraFolders) : "")}).");
            return 0;
        }

        var width = catalog.Methods.Max(m => m.Name.Length);
        foreach (var m in catalog.Methods)
        {
            output.WriteLine($"{m.Name.PadRight(width)}  {m.Description}");
            output.WriteLine($"{new string(' ', width)}  [{Path.GetFileName(m.AssemblyPath)}: {m.AssemblyPath}]");
        }

        output.WriteLine($"{catalog.Methods.Count} methods from {catalog.Assemblies.Count} plugin assemblies.");
        return 0;
    }

    /// <summary>Shows one method's type, assembly and parameters.</summary>
    /// <exception cref="PluginLoadException">Unknown method (the message lists the known ones).</exception>
    public static int Inspect(string name, IReadOnlyList<string> extraFolders, TextWriter output)
    {
        var m = PluginLoader.LoadWithAppFolder(extraFolders).Get(name);
        output.WriteLine($"{m.Name}: {m.Description}");
        output.WriteLine($"type:     {m.TypeName}");
        output.WriteLine($"assembly: {m.AssemblyPath}");
        if (m.Parameters.Count == 0)
        {
            output.WriteLine("parameters: none");
            return 0;
        }

        output.WriteLine("parameters (key=value on the command line; 'auto' = derived from --budget):");
        var key = Math.Max(3, m.Parameters.Max(p => p.Key.Length));
        var type = Math.Max(4, m.Parameters.Max(p => p.Type.Length));
        var def = Math.Max(7, m.Parameters.Max(p => p.Default.Length));
        var range = Math.Max(5, m.Parameters.Max(p => p.Range.Length));
        output.WriteLine($"  {"key".PadRight(key)}  {"type".PadRight(type)}  {"default".PadRight(def)}  {"range".PadRight(range)}  description");
        foreach (var p in m.Parameters)
        {
            output.WriteLine($"  {p.Key.PadRight(key)}  {p.Type.PadRight(type)}  {p.Default.PadRight(def)}  {p.Range.PadRight(range)}  {p.Description}");
        }

        return 0;
    }
}
