using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Parameters;

namespace PruneBench.Abstractions.Methods;

/// <summary>
/// A token-reduction method as the harness discovers it in a plugin assembly: a public, non-abstract
/// type with a public parameterless constructor. Most methods derive from
/// <see cref="ReductionMethod{TParameters}"/>, which implements this from a parameter record.
/// </summary>
public interface IReductionMethod
{
    /// <summary>Name used on the command line (lower case, e.g. <c>fastv</c>).</summary>
    string Name { get; }

    /// <summary>One-line description.</summary>
    string Description { get; }

    /// <summary>Every parameter with its type, default and range.</summary>
    IReadOnlyList<ParameterSpec> Parameters { get; }

    /// <summary>
    /// Parses user <c>key=value</c> pairs (from <c>--param</c>, <c>--params</c> or a sweep file) into a typed setting,
    /// checked against this method's schema: the only parameter validation before anything runs.
    /// </summary>
    /// <exception cref="InvalidParameterException">Unknown key, malformed value or value out of range: a usage error.</exception>
    MethodSetting Parse(IReadOnlyDictionary<string, string> arguments);

    /// <summary>
    /// Completes a setting this method parsed for a model: layer defaults that depend on depth and, when
    /// <paramref name="budget"/> (requested mean visual retention in (0, 1], checked by the host) is given, every
    /// knob the user did not set.
    /// </summary>
    /// <exception cref="InvalidParameterException">A combination of values no model accepts: a usage error.</exception>
    /// <exception cref="NotApplicableException">A valid setting this model or budget cannot realise: a skipped run.</exception>
    IConfiguredMethod Configure(MethodSetting setting, double? budget, ModelShape model);
}
