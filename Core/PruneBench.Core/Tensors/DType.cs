namespace PruneBench.Core.Tensors;

/// <summary>Element type of a tensor or of a checkpoint entry.</summary>
public enum DType
{
    /// <summary>IEEE fp32.</summary>
    F32,

    /// <summary>bfloat16 (upper 16 bits of an fp32).</summary>
    BF16,

    /// <summary>IEEE fp16.</summary>
    F16,

    /// <summary>32-bit signed integer: checkpoint entries, and the device index tensors of score selection (IBackend.SelectTop).</summary>
    I32,

    /// <summary>64-bit signed integer (checkpoint files only).</summary>
    I64,
}
