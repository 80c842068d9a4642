using PruneBench.Core.Checkpoints;

namespace PruneBench.Benchmarks.Vlm;

/// <summary>
/// The visual projector of the shipped models: <c>Linear(D_v→H) → GELU (tanh form) → Linear(H→hidden)</c>,
/// as in LLaVA's multi-modal projector. It runs on the host in fp32 before the LLM, so it is never timed.
/// Tensors (PyTorch <c>nn.Linear</c> layout, weight [out, in]): <c>linear_1.weight</c> [H, D_v],
/// <c>linear_1.bias</c> [H], <c>linear_2.weight</c> [hidden, H], <c>linear_2.bias</c> [hidden].
/// </summary>
public sealed class VisualProjector
{
    /// <summary>The <c>projector_kind</c> value of this projector in vlm.json.</summary>
    public const string MlpGeluTanhKind = "mlp2_gelu_tanh";

    private readonly float[] _w1; // [H, D_v]
    private readonly float[] _b1; // [H]
    private readonly float[] _w2; // [hidden, H]
    private readonly float[] _b2; // [hidden]

    private VisualProjector(float[] w1, float[] b1, float[] w2, float[] b2, int inputDim, int innerDim, int outputDim)
    {
        (_w1, _b1, _w2, _b2) = (w1, b1, w2, b2);
        (InputDim, InnerDim, OutputDim) = (inputDim, innerDim, outputDim);
    }

    /// <summary>D_v.</summary>
    public int InputDim { get; }

    /// <summary>H, the inner width.</summary>
    public int InnerDim { get; }

    /// <summary>The LLM's hidden size.</summary>
    public int OutputDim { get; }

    /// <summary>Loads and shape-checks the projector in <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointException">Missing tensor or inconsistent shapes (names file and tensor).</exception>
    public static VisualProjector Load(string path)
    {
        using var file = SafetensorsFile.Open(path);
        var w1 = file.Entry("linear_1.weight");
        var b1 = file.Entry("linear_1.bias");
        var w2 = file.Entry("linear_2.weight");
        var b2 = file.Entry("linear_2.bias");
        if (w1.Shape.Length != 2 || w2.Shape.Length != 2)
        {
            throw new CheckpointException($"{path}: linear_1.weight {w1.ShapeText} and linear_2.weight {w2.ShapeText} must be 2-D [out, in].");
        }

        var (inner, input, output) = (w1.Shape[0], w1.Shape[1], w2.Shape[0]);
        if (w2.Shape[1] != inner)
        {
            throw new CheckpointException($"{path}: linear_2.weight {w2.ShapeText} must take linear_1's {inner} outputs.");
        }

        if (b1.Shape is not [var nb1] || nb1 != inner)
        {
            throw new CheckpointException($"{path}: linear_1.bias {b1.ShapeText} must be [{inner}].");
        }

        if (b2.Shape is not [var nb2] || nb2 != output)
        {
            throw new CheckpointException($"{path}: linear_2.bias {b2.ShapeText} must be [{output}].");
        }

        return new VisualProjector(
            file.ReadFloats("linear_1.weight"), file.ReadFloats("linear_1.bias"),
            file.ReadFloats("linear_2.weight"), file.ReadFloats("linear_2.bias"), input, inner, output);
    }

    /// <summary>Projects <paramref name="features"/> [rows × D_v] to embeddings [rows × hidden].</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of D_v.</exception>
    public float[] Project(ReadOnlySpan<float> features)
    {
        if (features.Length % InputDim != 0)
        {
            throw new ArgumentException($"Visual features of length {features.Length} are not rows of the projector's input width {InputDim}.", nameof(features));
        }

        var rows = features.Length / InputDim;
        var output = new float[rows * OutputDim];
        var inner = new float[InnerDim];
        for (var r = 0; r < rows; r++)
        {
            var x = features.Slice(r * InputDim, InputDim);
            for (var h = 0; h < InnerDim; h++)
            {
                inner[h] = Gelu(_b1[h] + Dot(_w1.AsSpan(h * InputDim, InputDim), x));
            }

            var y = output.AsSpan(r * OutputDim, OutputDim);
            for (var o = 0; o < OutputDim; o++)
            {
                y[o] = _b2[o] + Dot(_w2.AsSpan(o * InnerDim, InnerDim), inner);
            }
        }

        return output;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    // PyTorch nn.GELU(approximate="tanh"): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
    private static float Gelu(float x) =>
        0.5f * x * (1f + MathF.Tanh(0.7978845608028654f * (x + (0.044715f * x * x * x))));
}
