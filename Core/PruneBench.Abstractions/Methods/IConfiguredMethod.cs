using PruneBench.Abstractions.Tokens;

namespace PruneBench.Abstractions.Methods;

/// <summary>A method with its parameters resolved for one model (and budget): a factory of per-sample reducers.</summary>
public interface IConfiguredMethod
{
    /// <summary>Canonical <c>key=value;…</c> string of every parameter, in declaration order.</summary>
    string CanonicalParameters { get; }

    /// <summary>Reduce-layer summary for results (e.g. "2" or "3-27"), empty when nothing is reduced.</summary>
    string ReduceLayers { get; }

    /// <summary>Creates the reducer for one sample. Same <paramref name="seed"/> ⇒ same decisions.</summary>
    IReducer CreateReducer(SampleLayout sample, int seed);
}
