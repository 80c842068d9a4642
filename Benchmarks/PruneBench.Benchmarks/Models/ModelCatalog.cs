namespace PruneBench.Benchmarks.Models;

/// <summary>
/// The models shipped with the repository (Benchmarks/models/&lt;name&gt;/). The folder is found from
/// <c>PRUNEBENCH_MODELS</c> when set, else by walking up from the working directory and from the
/// application's folder to the first <c>Benchmarks/models</c>.
/// </summary>
public sealed class ModelCatalog
{
    /// <summary>Environment variable that overrides the models folder.</summary>
    public const string EnvironmentVariable = "PRUNEBENCH_MODELS";

    private static readonly (string Name, string Family, string Description)[] Known =
    [
        ("synth-qwen2", "transformer", "dense Qwen2 (4 layers, hidden 128) trained on synth/train"),
        ("synth-nemotronh", "hybrid", "NemotronH hybrid (3 Mamba2 + 2 attention + 3 MLP layers, hidden 128) trained on synth/train"),
        ("synth-qwen2-deep", "transformer", "dense Qwen2 (22 layers, hidden 64) trained on synth-hop, reading the video at mid depth"),
        ("synth-nemotronh-deep", "hybrid", "NemotronH hybrid (8 Mamba2 + 3 attention + 11 MLP layers, hidden 64) trained on synth-hop"),
    ];

    /// <summary>A catalogue over the models folder <paramref name="root"/>.</summary>
    public ModelCatalog(string root) => Root = root;

    /// <summary>The models folder.</summary>
    public string Root { get; }

    /// <summary>The shipped models present in <see cref="Root"/>.</summary>
    public IReadOnlyList<ShippedModel> Models =>
        Known.Where(k => File.Exists(Path.Combine(Root, k.Name, "config.json")))
            .Select(k => new ShippedModel(k.Name, Path.Combine(Root, k.Name), k.Family, k.Description))
            .ToArray();

    /// <summary>Finds the models folder (see the class remarks).</summary>
    /// <exception cref="DirectoryNotFoundException">No Benchmarks/models folder was found.</exception>
    public static ModelCatalog Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment)
                ? new ModelCatalog(fromEnvironment)
                : throw new DirectoryNotFoundException($"{EnvironmentVariable}={fromEnvironment}: no such folder.");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "Benchmarks", "models");
                if (Directory.Exists(candidate))
                {
                    return new ModelCatalog(candidate);
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"No Benchmarks/models folder above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}; set {EnvironmentVariable}.");
    }

    /// <summary>True when <paramref name="name"/> is a shipped model's name.</summary>
    public static bool IsShippedName(string name) => Known.Any(k => k.Name == name);

    /// <summary>The shipped model called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name or missing folder; the message lists what is there.</exception>
    public ShippedModel Resolve(string name)
    {
        var model = Models.FirstOrDefault(m => m.Name == name);
        if (model is not null)
        {
            return model;
        }

        var known = string.Join(", ", Known.Select(k => k.Name));
        throw new ArgumentException(
            IsShippedName(name)
                ? $"Shipped model '{name}' is missing from {Root} (expected {Path.Combine(Root, name, "config.json")})."
                : $"Unknown shipped model '{name}'; the catalogue has: {known}.",
            nameof(name));
    }
}
