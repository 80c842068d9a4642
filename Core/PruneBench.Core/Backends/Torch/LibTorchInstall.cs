namespace PruneBench.Core.Backends.Torch;

/// <summary>A libtorch found on this machine.</summary>
/// <param name="Directory">Folder holding libtorch.so, libtorch_cuda.so, libc10*.so.</param>
/// <param name="Version">PyTorch/libtorch version as the install states it (e.g. "2.11.0+cu130"), or "unknown".</param>
/// <param name="Source">How it was found: "TorchSharp-cuda-linux package", "PRUNEBENCH_LIBTORCH" or "python3 (…/torch)".</param>
public sealed record LibTorchInstall(string Directory, string Version, string Source);
