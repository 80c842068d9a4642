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
    /// Resolves parameters for a model. <paramref name="arguments"/> are user <c>key=value</c> pairs;
    /// when <paramref name="budget"/> (requested mean visual retention in (0, 1]) is given, parameters the
    /// user did not set are derived from it.
    /// </summary>
    /// <exception cref="InvalidParameterException">Unknown key, malformed value or value out of range: a usage error.</exception>
    /// <exception cref="NotApplicableException">A valid setting this model or budget cannot realise: a skipped run.</exception>
    IConfiguredMethod Configure(IReadOnlyDictionary<string, string> arguments, double? budget, ModelShape model);
}
