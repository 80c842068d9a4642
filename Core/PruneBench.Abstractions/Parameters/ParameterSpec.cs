namespace PruneBench.Abstractions.Parameters;

/// <summary>Schema of one parameter, for help, validation and <c>plugins inspect</c>.</summary>
/// <param name="Key">Command-line key.</param>
/// <param name="Type">Type name (int, double, bool, string, int[], or the enum's values joined by '|').</param>
/// <param name="Default">Default value as text; "auto" when it is derived from the budget.</param>
/// <param name="Description">Help text.</param>
/// <param name="Range">Allowed range as text (e.g. "(0, 1]"), or empty.</param>
public sealed record ParameterSpec(string Key, string Type, string Default, string Description, string Range);
