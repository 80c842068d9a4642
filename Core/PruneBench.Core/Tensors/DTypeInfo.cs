namespace PruneBench.Core.Tensors;

/// <summary>Sizes and safetensors names of <see cref="DType"/>.</summary>
public static class DTypeInfo
{
    /// <summary>Bytes per element.</summary>
    public static int SizeOf(DType t) => t switch
    {
        DType.F32 or DType.I32 => 4,
        DType.BF16 or DType.F16 => 2,
        DType.I64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    /// <summary>Parses a safetensors dtype string ("F32", "BF16", "F16", "I32", "I64"); null when unsupported.</summary>
    public static DType? FromSafetensors(string name) => name switch
    {
        "F32" => DType.F32,
        "BF16" => DType.BF16,
        "F16" => DType.F16,
        "I32" => DType.I32,
        "I64" => DType.I64,
        _ => null,
    };

    /// <summary>The safetensors dtype string.</summary>
    public static string ToSafetensors(DType t) => t.ToString();
}
