using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PruneBench.Benchmarks.Annotations;

/// <summary>One record of an annotation file with typed field access; a missing or mistyped field throws naming it.</summary>
/// <param name="File">The annotation file.</param>
/// <param name="Number">1-based record number.</param>
/// <param name="Fields">The record's fields (JSON, or a parquet row converted to JSON).</param>
public sealed record AnnotationRecord(string File, int Number, JsonObject Fields)
{
    /// <summary>Whether the field is present and not null.</summary>
    public bool Has(string name) => Fields[name] is not null;

    /// <summary>A string field (a number is accepted as its invariant text: ids are sometimes numeric).</summary>
    /// <exception cref="AnnotationException">Missing or not a string.</exception>
    public string String(string name) => Get(name) switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => throw Bad(name, "a string"),
    };

    /// <summary>A string field, or <paramref name="fallback"/> when absent.</summary>
    public string StringOr(string name, string fallback) => Has(name) ? String(name) : fallback;

    /// <summary>A list of strings.</summary>
    /// <exception cref="AnnotationException">Missing, not a list, or an entry not a string.</exception>
    public IReadOnlyList<string> Strings(string name) => Get(name) is JsonArray a
        ? a.Select(e => e is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Bad(name, "a list of strings")).ToArray()
        : throw Bad(name, "a list of strings");

    /// <summary>An integer field (an integral number or such a string).</summary>
    /// <exception cref="AnnotationException">Missing or not an integer.</exception>
    public int Int(string name) => Get(name) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) => (int)d,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ => throw Bad(name, "an integer"),
    };

    /// <summary>A number field, or null when absent.</summary>
    /// <exception cref="AnnotationException">Present but not a number.</exception>
    public double? NumberOrNull(string name) => !Has(name) ? null : Get(name) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw Bad(name, "a number"),
    };

    private JsonNode Get(string name) => Fields[name] ?? throw new AnnotationException($"required field '{name}' is missing");

    private static AnnotationException Bad(string name, string expected) => new($"field '{name}' must be {expected}");
}
