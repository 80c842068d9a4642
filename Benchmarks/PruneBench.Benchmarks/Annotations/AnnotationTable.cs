using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parquet.Serialization;

namespace PruneBench.Benchmarks.Annotations;

/// <summary>
/// Reads the records of an annotation file as the benchmarks publish them: a JSON list of objects (MLVU, MVBench,
/// LongVideoBench, EgoSchema), JSON Lines, or Parquet (VideoMME on the Hugging Face hub; list columns become lists).
/// </summary>
public static class AnnotationTable
{
    /// <summary>Every record of <paramref name="path"/>, numbered from 1.</summary>
    /// <exception cref="AnnotationException">Missing file, unreadable content, or a record that is not an object (names the file).</exception>
    public static IReadOnlyList<AnnotationRecord> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new AnnotationException($"{path}: annotation file not found.");
        }

        try
        {
            var rows = Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".parquet" => ReadParquet(path),
                ".jsonl" => File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => JsonNode.Parse(l)).ToList(),
                _ => ReadJson(path),
            };
            return rows.Select((r, i) => new AnnotationRecord(path, i + 1,
                r as JsonObject ?? throw new AnnotationException($"{path}: record {i + 1} is not a JSON object."))).ToArray();
        }
        catch (JsonException e)
        {
            throw new AnnotationException($"{path}: not valid JSON ({e.Message}).", e);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            throw new AnnotationException($"{path}: cannot be read ({e.Message}).", e);
        }
    }

    /// <summary>A JSON list of records, or an object whose values are the records (keyed by id).</summary>
    private static List<JsonNode?> ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path)) switch
    {
        JsonArray a => [.. a],
        JsonObject o => o.Select(kv => kv.Value).ToList(),
        _ => throw new AnnotationException($"{path}: expected a JSON list of records."),
    };

    private static List<JsonNode?> ReadParquet(string path)
    {
        using var stream = File.OpenRead(path);
        var rows = ParquetSerializer.DeserializeUntypedAsync(stream).GetAwaiter().GetResult().Data;
        return rows.Select(r => (JsonNode?)new JsonObject(r.Select(kv => KeyValuePair.Create(kv.Key, ToNode(kv.Value))))).ToList();
    }

    /// <summary>A parquet cell as JSON: strings (Parquet.Net may hand them as ReadOnlyMemory&lt;char&gt;), numbers, lists.</summary>
    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        ReadOnlyMemory<char> m => JsonValue.Create(m.ToString()),
        bool b => JsonValue.Create(b),
        int or long or short or byte => JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
        float or double or decimal => JsonValue.Create(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
        IEnumerable list => new JsonArray(list.Cast<object?>().Select(ToNode).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };
}
