namespace PruneBench.Abstractions.Parameters;

/// <summary>
/// Marks a property of a method's parameter record as a user-settable parameter. Supported types:
/// int, double, bool, string, enums, and int[] (written <c>2,5,9</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ParameterAttribute(string description) : Attribute
{
    /// <summary>Help text.</summary>
    public string Description { get; } = description;

    /// <summary>Smallest allowed value (numbers only); NaN for none.</summary>
    public double Min { get; init; } = double.NaN;

    /// <summary>Largest allowed value (numbers only); NaN for none.</summary>
    public double Max { get; init; } = double.NaN;

    /// <summary>True when the lower bound itself is excluded (e.g. ratios in (0, 1]).</summary>
    public bool MinExclusive { get; init; }

    /// <summary>Key on the command line; defaults to the property name in snake_case.</summary>
    public string? Key { get; init; }
}
