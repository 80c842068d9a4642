using System.Text.Json;

namespace PruneBench.Core.Checkpoints;

/// <summary>
/// The weights of a Hugging Face model folder: <c>model.safetensors</c>, or the shards listed by
/// <c>model.safetensors.index.json</c>. Tensors are looked up by the exact names transformers saves.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    private readonly List<SafetensorsFile> _files;
    private readonly Dictionary<string, SafetensorsFile> _byName;

    private Checkpoint(string directory, List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> byName)
    {
        Directory = directory;
        _files = files;
        _byName = byName;
    }

    /// <summary>Model folder.</summary>
    public string Directory { get; }

    /// <summary>Every tensor name.</summary>
    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>Opens the checkpoint of <paramref name="directory"/>.</summary>
    /// <exception cref="CheckpointException">No weights file, bad index, missing shard, a tensor in two shards.</exception>
    public static Checkpoint Open(string directory)
    {
        var single = Path.Combine(directory, "model.safetensors");
        var index = Path.Combine(directory, "model.safetensors.index.json");
        var files = new List<SafetensorsFile>();
        var byName = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(index))
            {
                foreach (var shard in ReadIndex(index))
                {
                    var path = Path.Combine(directory, shard);
                    if (!File.Exists(path))
                    {
                        throw new CheckpointException($"{index}: shard '{shard}' is listed but {path} does not exist.");
                    }

                    files.Add(SafetensorsFile.Open(path));
                }
            }
            else if (File.Exists(single))
            {
                files.Add(SafetensorsFile.Open(single));
            }
            else
            {
                throw new CheckpointException($"{directory}: no model.safetensors or model.safetensors.index.json.");
            }

            foreach (var f in files)
            {
                foreach (var name in f.Entries.Keys)
                {
                    if (!byName.TryAdd(name, f))
                    {
                        throw new CheckpointException($"{directory}: tensor '{name}' appears in both {byName[name].Path} and {f.Path}.");
                    }
                }
            }

            return new Checkpoint(directory, files, byName);
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }
    }

    /// <summary>True when a tensor of that name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The file holding <paramref name="name"/> and its entry.</summary>
    /// <exception cref="CheckpointException">Missing tensor (names folder and tensor).</exception>
    public (SafetensorsFile File, TensorEntry Entry) Find(string name) =>
        _byName.TryGetValue(name, out var f)
            ? (f, f.Entries[name])
            : throw new CheckpointException($"{Directory}: tensor '{name}' is missing from the checkpoint.");

    /// <inheritdoc />
    public void Dispose() => _files.ForEach(f => f.Dispose());

    private static IEnumerable<string> ReadIndex(string index)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(index));
            if (!doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointException($"{index}: 'weight_map' object is missing.");
            }

            return map.EnumerateObject().Select(p => p.Value.GetString() ?? throw new CheckpointException($"{index}: weight_map['{p.Name}'] is not a file name."))
                .Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToList();
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{index}: not valid JSON ({e.Message}).", e);
        }
    }
}
