using PruneBench.Abstractions.Tokens;

namespace PruneBench.Abstractions.Methods;

/// <summary>
/// A method with its parameters resolved for one model (and budget): a factory of per-sample reducers. Where it
/// reduces is not declared: the engine records it from what the reducers did (contract 2.0).
/// </summary>
public interface IConfiguredMethod
{
    /// <summary>Canonical <c>key=value;…</c> string of every parameter, in declaration order.</summary>
    string CanonicalParameters { get; }

    /// <summary>Creates the reducer for one sample. Same <paramref name="seed"/> ⇒ same decisions.</summary>
    IReducer CreateReducer(SampleLayout sample, int seed);
}
