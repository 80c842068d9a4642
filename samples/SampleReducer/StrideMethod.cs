using System.Globalization;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Tokens;

namespace SampleReducer;

/// <summary>
/// Keeps every k-th visual token (in frame-major order) before layer K. A deliberately simple method: it
/// needs no score, so it shows the plugin plumbing rather than a good reduction.
/// </summary>
public sealed class StrideMethod : ReductionMethod<StrideParameters>
{
    /// <inheritdoc />
    public override string Name => "stride";

    /// <inheritdoc />
    public override string Description => "Keeps every k-th visual token before layer K (sample third-party plugin).";

    /// <summary>
    /// Layers 0..K−1 see every token, layers K..L−1 see 1/s of them, so mean retention is
    /// ρ = (K + (L − K)/s) / L; the budget fixes s = round((L − K) / (ρL − K)).
    /// </summary>
    protected override StrideParameters Resolve(StrideParameters values, IReadOnlySet<string> userKeys, double? budget, ModelShape model)
    {
        if (values.Layer >= model.LayerCount)
        {
            throw new NotApplicableException($"{Name}: layer {values.Layer} is past the model's last layer ({model.LayerCount - 1}).");
        }

        if (budget is not { } rho || userKeys.Contains("stride"))
        {
            return values;
        }

        var reducedLayers = model.LayerCount - values.Layer;
        var spare = (rho * model.LayerCount) - values.Layer;
        if (spare <= 0)
        {
            throw new NotApplicableException(
                $"{Name}: budget {rho.ToString(CultureInfo.InvariantCulture)} is below what layers 0..{values.Layer - 1} already use; lower 'layer'.");
        }

        return values with { Stride = Math.Max(1, (int)Math.Round(reducedLayers / spare)) };
    }

    /// <inheritdoc />
    protected override IReducer CreateReducer(StrideParameters values, ModelShape model, SampleLayout sample, int seed) =>
        new StrideReducer(values.Layer, values.Stride);
}
