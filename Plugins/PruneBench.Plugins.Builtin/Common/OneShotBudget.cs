using System.Globalization;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Parameters;

namespace PruneBench.Plugins.Builtin.Common;

/// <summary>
/// Budget mapping of methods that reduce once (random, pool, fastv): layers 0..K−1 see all N_v visual
/// tokens, layers K..L−1 see ratio·N_v, so ρ = (K + (L − K)·ratio) / L and ratio = (ρL − K) / (L − K).
/// </summary>
internal static class OneShotBudget
{
    /// <summary>
    /// Resolve step of a model-free one-shot method (random, pool: any K ≥ 0 works): checks K against the
    /// model's depth and, when a budget is given and the user did not set the ratio, fits (K, ratio) to it.
    /// </summary>
    public static (int K, double Ratio) Resolve(string method, ModelShape model, int k, double ratio, IReadOnlySet<string> userKeys, double? budget)
    {
        if (k > model.LayerCount - 1)
        {
            throw new NotApplicableException($"{method}: parameter 'k' = {k} is beyond the last layer of {model.Name} ({model.LayerCount} layers).");
        }

        return budget is not { } b || userKeys.Contains("ratio")
            ? (k, ratio)
            : Fit(method, model.LayerCount, k, userKeys.Contains("k"), 0, x => x, b);
    }

    /// <summary>
    /// Returns the first reduced layer and the ratio meeting <paramref name="budget"/>. When the requested K
    /// cannot reach the budget (ρL ≤ K) and the user did not set K, smaller K are tried.
    /// </summary>
    /// <param name="method">Method name for errors.</param>
    /// <param name="layers">L.</param>
    /// <param name="k">Requested first reduced layer.</param>
    /// <param name="kIsUserSet">True when the user fixed K.</param>
    /// <param name="minK">Smallest admissible K.</param>
    /// <param name="effectiveK">Maps a requested K to the layer that really is reduced first (−1 when impossible).</param>
    /// <param name="budget">ρ in (0, 1].</param>
    public static (int K, double Ratio) Fit(string method, int layers, int k, bool kIsUserSet, int minK, Func<int, int> effectiveK, double budget)
    {
        for (var candidate = k; candidate >= (kIsUserSet ? k : minK); candidate--)
        {
            var first = effectiveK(candidate);
            if (first < 0 || first >= layers)
            {
                continue;
            }

            var ratio = (budget * layers - first) / (layers - first);
            if (ratio > 0)
            {
                return (first, Math.Min(1.0, ratio));
            }
        }

        throw new NotApplicableException(string.Create(CultureInfo.InvariantCulture,
            $"{method}: budget {budget} cannot be met with k={k} on {layers} layers (layers before k keep every token, so ρ ≥ k/L); lower 'k'."));
    }
}
