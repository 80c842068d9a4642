namespace PruneBench.Core.Backends;

/// <summary>Where a backend computes.</summary>
public enum DeviceKind
{
    /// <summary>Host CPU, fp32.</summary>
    Cpu,

    /// <summary>NVIDIA GPU through the CUDA driver API.</summary>
    Cuda,
}
