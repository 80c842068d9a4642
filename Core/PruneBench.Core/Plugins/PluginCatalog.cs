using PruneBench.Abstractions.Methods;

namespace PruneBench.Core.Plugins;

/// <summary>Every reduction method found by <see cref="PluginLoader"/>, by name (case-insensitive).</summary>
public sealed class PluginCatalog
{
    private readonly Dictionary<string, PluginMethod> _byName;

    /// <summary>Builds the catalogue; names must be unique (the loader checks this first).</summary>
    public PluginCatalog(IReadOnlyList<PluginMethod> methods, IReadOnlyList<string> assemblies)
    {
        Methods = methods.OrderBy(m => m.Name, StringComparer.Ordinal).ToArray();
        Assemblies = assemblies;
        _byName = methods.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Methods ordered by name.</summary>
    public IReadOnlyList<PluginMethod> Methods { get; }

    /// <summary>Plugin assemblies that were loaded, in load order.</summary>
    public IReadOnlyList<string> Assemblies { get; }

    /// <summary>True when a method called <paramref name="name"/> exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The method called <paramref name="name"/>.</summary>
    /// <exception cref="PluginLoadException">No plugin defines it; the message lists the known names.</exception>
    public PluginMethod Get(string name) =>
        _byName.TryGetValue(name, out var m)
            ? m
            : throw new PluginLoadException(
                $"Unknown method '{name}'. Known methods: {(Methods.Count == 0 ? "(none: no plugin was loaded)" : string.Join(", ", Methods.Select(x => x.Name)))}.");

    /// <summary>Shortcut for <c>Get(name).Method</c>.</summary>
    public IReductionMethod Create(string name) => Get(name).Method;
}
