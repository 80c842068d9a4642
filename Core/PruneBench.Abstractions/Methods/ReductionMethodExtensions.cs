using PruneBench.Abstractions.Model;

namespace PruneBench.Abstractions.Methods;

/// <summary>Shorthands over <see cref="IReductionMethod"/>.</summary>
public static class ReductionMethodExtensions
{
    /// <summary><see cref="IReductionMethod.Parse"/> then <see cref="IReductionMethod.Configure"/>: one path, for callers holding text.</summary>
    public static IConfiguredMethod Configure(this IReductionMethod method, IReadOnlyDictionary<string, string> arguments, double? budget, ModelShape model)
    {
        ArgumentNullException.ThrowIfNull(method);
        return method.Configure(method.Parse(arguments), budget, model);
    }
}
