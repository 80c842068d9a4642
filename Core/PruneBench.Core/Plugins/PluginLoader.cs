using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using PruneBench.Abstractions;
using PruneBench.Abstractions.Methods;
using McMasterPluginLoader = McMaster.NETCore.Plugins.PluginLoader;

namespace PruneBench.Core.Plugins;

/// <summary>
/// Finds reduction methods in plugin assemblies. Every assembly that references the contract
/// (PruneBench.Abstractions) is a plugin; after its contract version is checked from metadata, it is loaded
/// by its own McMaster.NETCore.Plugins loader (one AssemblyLoadContext per plugin on the plugin's
/// .deps.json, only the contract assembly shared with the host), and
/// every public, non-abstract <see cref="IReductionMethod"/> type with a public parameterless constructor
/// becomes a <see cref="PluginMethod"/>. Built-in reducers go through the same path (they are copied to
/// <c>&lt;app&gt;/plugins/builtin</c>). Assemblies that do not reference the contract are a plugin's own
/// dependencies: they are left for the plugin's context to resolve.
/// </summary>
public static class PluginLoader
{
    /// <summary>The <c>plugins</c> folder next to the running tool (holds <c>builtin/</c>).</summary>
    public static string AppPluginFolder => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>
    /// Loads the tool's own <c>plugins/</c> folder (when present) and then <paramref name="extra"/>
    /// (folders, scanned recursively, or single .dll files), in that order.
    /// </summary>
    /// <exception cref="PluginLoadException">Any source is missing or bad; all problems are listed.</exception>
    public static PluginCatalog LoadWithAppFolder(IEnumerable<string> extra)
    {
        var sources = new List<string>();
        if (Directory.Exists(AppPluginFolder))
        {
            sources.Add(AppPluginFolder);
        }

        sources.AddRange(extra);
        return Load(sources);
    }

    /// <summary>Loads every plugin assembly under <paramref name="sources"/> (folders or .dll files).</summary>
    /// <exception cref="PluginLoadException">
    /// A source does not exist, a file is not a .NET assembly, a plugin targets another contract major,
    /// an assembly holds no reducer, a reducer cannot be instantiated, or two methods share a name.
    /// Every problem found is listed in one message.
    /// </exception>
    public static PluginCatalog Load(IEnumerable<string> sources)
    {
        var errors = new List<string>();
        var assemblies = new List<string>();
        foreach (var path in ExpandSources(sources, errors))
        {
            if (!assemblies.Contains(path, StringComparer.Ordinal))
            {
                assemblies.Add(path);
            }
        }

        var methods = new List<PluginMethod>();
        var loaded = new List<string>();
        foreach (var path in assemblies)
        {
            try
            {
                var found = LoadAssembly(path);
                methods.AddRange(found);
                loaded.Add(path);
            }
            catch (PluginLoadException e)
            {
                errors.Add(e.Message);
            }
        }

        foreach (var group in methods.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"Method name '{group.Key}' is defined more than once: "
                       + string.Join(" and ", group.Select(m => $"{m.TypeName} ({m.AssemblyPath})")) + ".");
        }

        if (errors.Count > 0)
        {
            throw new PluginLoadException(string.Join(Environment.NewLine, errors));
        }

        return new PluginCatalog(methods, loaded);
    }

    /// <summary>
    /// Checks the contract version a plugin was compiled against: same major (a major changes the contract's
    /// shape), minor no newer than the host's (a newer minor may use members this host lacks; the runtime
    /// would otherwise fail on first use, or load the plugin's own copy of the contract and find no reducer).
    /// </summary>
    /// <param name="pluginPath">Plugin file, for the message.</param>
    /// <param name="contractReference">The plugin's reference to PruneBench.Abstractions.</param>
    /// <exception cref="PluginLoadException">Another major, or a newer minor, than <see cref="ContractInfo"/>.</exception>
    public static void CheckContractVersion(string pluginPath, AssemblyName contractReference)
    {
        var major = contractReference.Version?.Major ?? -1;
        var minor = contractReference.Version?.Minor ?? -1;
        if (major != ContractInfo.Major)
        {
            throw new PluginLoadException(
                $"Plugin '{pluginPath}' was built against {ContractInfo.AssemblyName} {contractReference.Version} "
                + $"(contract major {major}), but this prunebench provides contract major {ContractInfo.Major}. "
                + $"Rebuild the plugin against {ContractInfo.AssemblyName} {ContractInfo.Major}.x.");
        }

        if (minor > ContractInfo.Minor)
        {
            throw new PluginLoadException(
                $"Plugin '{pluginPath}' was built against {ContractInfo.AssemblyName} {contractReference.Version} "
                + $"(contract {major}.{minor}), newer than the contract {ContractInfo.Major}.{ContractInfo.Minor} this prunebench provides. "
                + $"Update prunebench, or rebuild the plugin against {ContractInfo.AssemblyName} {ContractInfo.Major}.{ContractInfo.Minor}.");
        }
    }

    /// <summary>
    /// Reads, without loading the assembly, which PruneBench.Abstractions it references.
    /// </summary>
    /// <returns>The reference, or null when the assembly does not reference the contract.</returns>
    /// <exception cref="PluginLoadException">The file is not a readable .NET assembly.</exception>
    public static AssemblyName? ReadContractReference(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                throw new PluginLoadException($"'{path}' is not a .NET assembly (no CLI metadata).");
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                throw new PluginLoadException($"'{path}' is a .NET module, not an assembly.");
            }

            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                if (reader.StringComparer.Equals(reference.Name, ContractInfo.AssemblyName))
                {
                    return reference.GetAssemblyName();
                }
            }

            return null;
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new PluginLoadException($"'{path}' is not a readable .NET assembly: {e.Message}", e);
        }
    }

    private static IEnumerable<string> ExpandSources(IEnumerable<string> sources, List<string> errors)
    {
        foreach (var source in sources)
        {
            var full = Path.GetFullPath(source);
            if (File.Exists(full))
            {
                // A file named explicitly must be a plugin.
                yield return full;
            }
            else if (Directory.Exists(full))
            {
                foreach (var file in Directory.EnumerateFiles(full, "*.dll", SearchOption.AllDirectories)
                             .Where(f => !IsNativeAssetFolder(full, f))
                             .Order(StringComparer.Ordinal))
                {
                    if (string.Equals(Path.GetFileNameWithoutExtension(file), ContractInfo.AssemblyName, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    AssemblyName? reference;
                    try
                    {
                        reference = ReadContractReference(file);
                    }
                    catch (PluginLoadException e)
                    {
                        errors.Add(e.Message);
                        continue;
                    }

                    // Dependencies of a plugin do not reference the contract; the plugin's context loads them.
                    if (reference is not null)
                    {
                        yield return file;
                    }
                }
            }
            else
            {
                errors.Add($"Plugin folder or file '{source}' does not exist.");
            }
        }
    }

    // runtimes/<rid>/native holds native libraries that a plugin's context loads through its resolver.
    private static bool IsNativeAssetFolder(string root, string file) =>
        Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar).Contains("runtimes", StringComparer.OrdinalIgnoreCase);

    private static List<PluginMethod> LoadAssembly(string path)
    {
        var reference = ReadContractReference(path)
                        ?? throw new PluginLoadException(
                            $"'{path}' contains no reducer: it does not reference {ContractInfo.AssemblyName}, so it cannot implement IReductionMethod.");
        CheckContractVersion(path, reference);

        Assembly assembly;
        Type[] types;
        try
        {
            // One loader (one load context) per plugin, kept for the process's life: plugins are not unloaded.
            // Sharing IReductionMethod shares its whole assembly, the contract: the plugin's own copy of
            // PruneBench.Abstractions.dll, if it ships one, is never loaded.
            var loader = McMasterPluginLoader.CreateFromAssemblyFile(path, sharedTypes: [typeof(IReductionMethod)]);
            assembly = loader.LoadDefaultAssembly();
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var causes = e.LoaderExceptions.Where(x => x is not null).Select(x => x!.Message).Distinct();
            throw new PluginLoadException($"Plugin '{path}' could not be loaded: {string.Join("; ", causes)}", e);
        }
        catch (Exception e) when (e is FileLoadException or FileNotFoundException or BadImageFormatException or TypeLoadException)
        {
            throw new PluginLoadException($"Plugin '{path}' could not be loaded: {e.Message}", e);
        }

        var methods = new List<PluginMethod>();
        foreach (var type in types.Where(t => typeof(IReductionMethod).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }))
        {
            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new PluginLoadException(
                    $"Plugin '{path}': {type.FullName} implements IReductionMethod but has no public parameterless constructor.");
            }

            methods.Add(Describe(type, path));
        }

        return methods.Count > 0
            ? methods
            : throw new PluginLoadException(
                $"'{path}' contains no reducer: no public, non-abstract type implementing {typeof(IReductionMethod).FullName} with a public parameterless constructor.");
    }

    private static PluginMethod Describe(Type type, string path)
    {
        IReductionMethod method;
        string name;
        try
        {
            method = (IReductionMethod)Activator.CreateInstance(type)!;
            name = method.Name;
            var parameters = method.Parameters;
            if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
            {
                throw new PluginLoadException(
                    $"Plugin '{path}': {type.FullName} has method name '{name}'; names are lower-case letters, digits, '-' and '_'.");
            }

            return new PluginMethod(name, method.Description, parameters, type.FullName ?? type.Name, path, method);
        }
        catch (Exception e) when (e is not PluginLoadException)
        {
            var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            throw new PluginLoadException($"Plugin '{path}': {type.FullName} could not be created or described: {cause.GetType().Name}: {cause.Message}", cause);
        }
    }
}
