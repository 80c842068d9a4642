using System.Globalization;

namespace PruneBench.Abstractions.Budgets;

/// <summary>What a budget is: a requested mean visual retention ρ in (0, 1]. The one definition every check uses.</summary>
public static class MeanRetention
{
    /// <summary>Null when <paramref name="budget"/> is a valid mean retention, else why not.</summary>
    public static string? Problem(double budget) => budget > 0 && budget <= 1
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"budget {budget} is outside (0, 1] (a budget is the mean visual retention)");
}
