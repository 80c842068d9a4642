using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Backends.Cuda;
using PruneBench.Core.Backends.Torch;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Devices;

/// <summary>
/// <c>--backend auto|torch|native|cpu</c> (alias <c>--device</c>; <c>cuda</c> = a GPU backend or fail). torch is
/// libtorch through TorchSharp (the GPU engine), native the driver-API CUDA backend. auto takes torch when
/// libtorch loads and a GPU is there, else native, else the CPU, and says which and why. The only place that
/// creates backends.
/// </summary>
public static class DeviceResolver
{
    /// <summary>Accepted values of <c>--backend</c>.</summary>
    public static IReadOnlyList<string> Choices { get; } = ["auto", "torch", "native", "cpu", "cuda"];

    /// <summary>Creates the backend for <paramref name="choice"/>.</summary>
    /// <exception cref="UsageException">Unknown choice, or a GPU backend requested and unavailable (the reason names the library or device).</exception>
    public static DeviceChoice Resolve(string choice)
    {
        var commit = GitCommit.Current;
        switch (choice)
        {
            case "cpu":
                return Cpu(commit, null);
            case "torch":
                return Torch(commit, out var torchWhy) ?? throw new UsageException($"--backend torch: {torchWhy}");
            case "native":
                return Native(commit, out var nativeWhy) ?? throw new UsageException($"--backend native: {nativeWhy}");
            case "cuda" or "auto":
                var torch = Torch(commit, out var whyNotTorch);
                if (torch is not null)
                {
                    return choice == "auto" ? torch with { Note = $"--backend auto: using {torch.Backend.Name}." } : torch;
                }

                var native = Native(commit, out var whyNotNative);
                if (native is not null)
                {
                    return native with { Note = $"{whyNotTorch}; using the native CUDA backend." };
                }

                return choice == "cuda"
                    ? throw new UsageException($"--backend cuda: {whyNotTorch}; {whyNotNative}")
                    : Cpu(commit, $"{whyNotTorch}; {whyNotNative}; using the CPU.");
            default:
                throw new UsageException($"--backend '{choice}' is not one of {string.Join(", ", Choices)}.");
        }
    }

    private static DeviceChoice? Torch(string commit, out string reason)
    {
        if (!TorchBackend.TryCreate(out var torch, out reason))
        {
            return null;
        }

        // The driver-API reader gives the GPU's name and driver version for the row; libtorch does not expose them.
        var info = CudaDeviceInfo.TryRead(torch!.Ordinal);
        return new DeviceChoice(torch, new RunEnvironment(commit, "cuda", "torch", torch.Install.Version, torch.ComputeTypeName,
            info?.Name ?? "", info?.DriverVersion ?? "", info?.DriverCudaVersion ?? ""), null);
    }

    private static DeviceChoice? Native(string commit, out string reason)
    {
        if (!CudaBackend.TryCreate(out var cuda, out reason))
        {
            return null;
        }

        var info = cuda!.Info;
        return new DeviceChoice(cuda, new RunEnvironment(commit, "cuda", "native", "", "bf16", info.Name, info.DriverVersion, info.DriverCudaVersion), null);
    }

    private static DeviceChoice Cpu(string commit, string? note) =>
        new(new CpuBackend(), new RunEnvironment(commit, "cpu", "cpu", "", "fp32", "", "", ""), note);
}
