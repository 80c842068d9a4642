using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Plugins.Tests.TestSupport;

/// <summary>Model shapes and sample layouts the reducer tests run on.</summary>
public static class TestShapes
{
    /// <summary>A 16-layer dense Transformer.</summary>
    public static ModelShape Dense { get; } = new("dense16", ModelFamily.Transformer,
        Enumerable.Repeat(LayerKind.Attention, 16).ToArray(), 64, 4, 2, 16);

    /// <summary>A 20-layer Nemotron-H-like hybrid: Mamba and MLP layers with an attention layers at 2, 7, 12 and 17.</summary>
    public static ModelShape Hybrid { get; } = new("hybrid20", ModelFamily.Hybrid,
        "M-A-M-MA-M-MA-M-MA-M".Select(c => c switch { 'M' => LayerKind.Mamba, 'A' => LayerKind.Attention, _ => LayerKind.Mlp }).ToArray(),
        64, 4, 2, 16);

    /// <summary>Both shapes, by name, for theories.</summary>
    public static ModelShape ByName(string name) => name == Dense.Name ? Dense : Hybrid;

    /// <summary>[5 text][8 frames × 16 tokens (4×4)][7 text]: N_v = 128.</summary>
    public static SampleLayout Video { get; } = SampleLayout.WithSquareGrid(5, 8, 16, 7);

    /// <summary>Every built-in method with its name.</summary>
    public static IReadOnlyList<string> MethodNames { get; } = ["none", "random", "pool", "fastv", "vas", "tome", "stateful"];
}
