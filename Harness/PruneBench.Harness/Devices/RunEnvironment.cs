namespace PruneBench.Harness.Devices;

/// <summary>Environment columns of every results row.</summary>
/// <param name="GitCommit">Commit of the prunebench build (or of the working folder), "unknown" when neither is known.</param>
/// <param name="Device">cpu or cuda.</param>
/// <param name="Backend">The engine backend: cpu, torch (libtorch through TorchSharp) or native (the driver-API CUDA backend).</param>
/// <param name="LibTorchVersion">libtorch version of the torch backend (e.g. "2.11.0+cu130"), empty otherwise.</param>
/// <param name="DType">Compute type: fp32 (CPU) or bf16 (CUDA).</param>
/// <param name="GpuName">GPU model, empty on the CPU.</param>
/// <param name="DriverVersion">Driver version, empty on the CPU.</param>
/// <param name="CudaVersion">CUDA version, empty on the CPU.</param>
public sealed record RunEnvironment(string GitCommit, string Device, string Backend, string LibTorchVersion, string DType, string GpuName, string DriverVersion, string CudaVersion);
