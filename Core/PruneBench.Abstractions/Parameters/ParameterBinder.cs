using System.Globalization;
using System.Reflection;
using System.Text;

namespace PruneBench.Abstractions.Parameters;

/// <summary>
/// Binds <c>key=value</c> strings to a parameter record's <see cref="ParameterAttribute"/> properties:
/// parsing (invariant culture), range validation, defaults, and the canonical <c>key=value;…</c> form.
/// One binder per record type; reflection runs once.
/// </summary>
/// <typeparam name="TParameters">A record with init-settable properties and a parameterless constructor.</typeparam>
public sealed class ParameterBinder<TParameters>
    where TParameters : class, new()
{
    private readonly string _method;
    private readonly (PropertyInfo Property, ParameterAttribute Attribute, string Key)[] _properties;

    /// <summary>Creates a binder; <paramref name="method"/> names the method in error messages.</summary>
    /// <exception cref="InvalidOperationException">
    /// A parameter property has a type the binder cannot parse, a [Flags] enum, or no setter: the plugin is
    /// rejected when it is loaded (its <see cref="Methods.IReductionMethod.Parameters"/> is read then), not at first use.
    /// </exception>
    public ParameterBinder(string method)
    {
        _method = method;
        _properties = typeof(TParameters)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<ParameterAttribute>()))
            .Where(x => x.Attribute is not null)
            .OrderBy(x => x.Property.MetadataToken)
            .Select(x => (x.Property, x.Attribute!, x.Attribute!.Key ?? ParameterText.ToSnakeCase(x.Property.Name)))
            .ToArray();
        foreach (var (property, _, key) in _properties)
        {
            if (!Supported(property.PropertyType) || property.SetMethod is null)
            {
                throw new InvalidOperationException(
                    $"{method}: parameter '{key}' ({typeof(TParameters).Name}.{property.Name}) has type {property.PropertyType.Name}"
                    + (property.SetMethod is null ? " and no init accessor" : "")
                    + "; parameters are int, double, bool, string, a plain enum, int[], or a nullable int, double, bool or enum (null written 'auto').");
            }
        }

        Specs = _properties.Select(p => new ParameterSpec(p.Key, TypeName(p.Property.PropertyType),
            Format(p.Property.GetValue(new TParameters())), p.Attribute.Description, RangeText(p.Attribute))).ToArray();
    }

    /// <summary>Schema of every parameter, in declaration order.</summary>
    public IReadOnlyList<ParameterSpec> Specs { get; }

    /// <summary>
    /// Returns defaults overridden by <paramref name="arguments"/>, plus the keys the user set.
    /// </summary>
    /// <exception cref="ParameterException">Unknown key, bad value or out of range; the message names method and key.</exception>
    public (TParameters Values, IReadOnlySet<string> UserKeys) Bind(IReadOnlyDictionary<string, string> arguments)
    {
        var values = new TParameters();
        var known = _properties.ToDictionary(p => p.Key, StringComparer.OrdinalIgnoreCase);
        var userKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, text) in arguments)
        {
            if (!known.TryGetValue(key, out var p))
            {
                throw new InvalidParameterException(
                    $"{_method}: unknown parameter '{key}'. Known: {string.Join(", ", _properties.Select(x => x.Key))}.");
            }

            var value = Parse(p.Property.PropertyType, key, text);
            CheckRange(p.Attribute, key, value);
            p.Property.SetValue(values, value);
            userKeys.Add(p.Key);
        }

        return (values, userKeys);
    }

    /// <summary>Validates every value of <paramref name="values"/> against its range (after budget fitting).</summary>
    public void Validate(TParameters values)
    {
        foreach (var p in _properties)
        {
            CheckRange(p.Attribute, p.Key, p.Property.GetValue(values));
        }
    }

    /// <summary>Canonical <c>key=value;…</c> form, declaration order, invariant culture, round-trip doubles.</summary>
    public string Canonical(TParameters values)
    {
        var sb = new StringBuilder();
        foreach (var p in _properties)
        {
            if (sb.Length > 0)
            {
                sb.Append(';');
            }

            sb.Append(p.Key).Append('=').Append(Format(p.Property.GetValue(values)));
        }

        return sb.ToString();
    }

    /// <summary>True for the types <see cref="Parse"/> reads and <see cref="Format"/> writes back.</summary>
    private static bool Supported(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner
            ? inner == typeof(int) || inner == typeof(double) || inner == typeof(bool) || IsPlainEnum(inner)
            : type == typeof(int) || type == typeof(double) || type == typeof(bool) || type == typeof(string) || type == typeof(int[]) || IsPlainEnum(type);

    private static bool IsPlainEnum(Type type) => type.IsEnum && type.GetCustomAttribute<FlagsAttribute>() is null;

    private object? Parse(Type type, string key, string text)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return string.Equals(text, "auto", StringComparison.OrdinalIgnoreCase) ? null : Parse(inner, key, text);
        }

        try
        {
            if (type == typeof(int))
            {
                return int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
            }

            if (type == typeof(double))
            {
                var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (!double.IsFinite(d))
                {
                    throw new FormatException("not a finite number");
                }

                return d;
            }

            if (type == typeof(bool))
            {
                return bool.Parse(text);
            }

            if (type == typeof(string))
            {
                return text;
            }

            if (type.IsEnum)
            {
                var names = Enum.GetNames(type);
                var match = names.FirstOrDefault(n => string.Equals(ParameterText.ToSnakeCase(n), text, StringComparison.OrdinalIgnoreCase)
                                                      || string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
                return match is null
                    ? throw new FormatException($"expected one of {string.Join("|", names.Select(ParameterText.ToSnakeCase))}")
                    : Enum.Parse(type, match);
            }

            if (type == typeof(int[]))
            {
                // "auto" is how an empty list (derived from the model) is written canonically.
                if (string.Equals(text, "auto", StringComparison.OrdinalIgnoreCase))
                {
                    return Array.Empty<int>();
                }

                return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new InvalidParameterException($"{_method}: parameter '{key}' = '{text}' is not a valid {TypeName(type)} ({e.Message}).", e);
        }

        throw new InvalidParameterException($"{_method}: parameter '{key}' has unsupported type {type.Name}.");
    }

    private void CheckRange(ParameterAttribute a, string key, object? value)
    {
        var numbers = value switch
        {
            int i => [i],
            double d => [d],
            int[] arr => arr.Select(x => (double)x).ToArray(),
            _ => Array.Empty<double>(),
        };
        foreach (var v in numbers)
        {
            var belowMin = !double.IsNaN(a.Min) && (a.MinExclusive ? v <= a.Min : v < a.Min);
            var aboveMax = !double.IsNaN(a.Max) && v > a.Max;
            if (belowMin || aboveMax)
            {
                throw new InvalidParameterException(
                    $"{_method}: parameter '{key}' = {v.ToString(CultureInfo.InvariantCulture)} is outside {RangeText(a)}.");
            }
        }
    }

    private static string RangeText(ParameterAttribute a)
    {
        if (double.IsNaN(a.Min) && double.IsNaN(a.Max))
        {
            return string.Empty;
        }

        var lo = double.IsNaN(a.Min) ? "(-inf" : (a.MinExclusive ? "(" : "[") + a.Min.ToString(CultureInfo.InvariantCulture);
        var hi = double.IsNaN(a.Max) ? "inf)" : a.Max.ToString(CultureInfo.InvariantCulture) + "]";
        return $"{lo}, {hi}";
    }

    private static string TypeName(Type t) =>
        Nullable.GetUnderlyingType(t) is { } inner ? TypeName(inner) + "?"
        : t.IsEnum ? string.Join("|", Enum.GetNames(t).Select(ParameterText.ToSnakeCase))
        : t == typeof(int[]) ? "int[]"
        : t == typeof(int) ? "int"
        : t == typeof(double) ? "double"
        : t == typeof(bool) ? "bool"
        : "string";

    private static string Format(object? value) => value switch
    {
        null => "auto",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        int[] arr => arr.Length == 0 ? "auto" : string.Join(",", arr.Select(x => x.ToString(CultureInfo.InvariantCulture))),
        Enum e => ParameterText.ToSnakeCase(e.ToString()),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
