using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Backends.Cuda;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Devices;

/// <summary>
/// <c>--device cpu|cuda|auto</c>. auto takes CUDA when a GPU and its libraries are usable and otherwise the
/// CPU, saying why; cuda fails with the reason when CUDA is unusable. The only place that creates backends.
/// </summary>
public static class DeviceResolver
{
    /// <summary>Accepted values of <c>--device</c>.</summary>
    public static IReadOnlyList<string> Choices { get; } = ["auto", "cpu", "cuda"];

    /// <summary>Creates the backend for <paramref name="device"/>.</summary>
    /// <exception cref="UsageException">Unknown device, or cuda requested and unavailable.</exception>
    public static DeviceChoice Resolve(string device)
    {
        var commit = GitCommit.Current;
        switch (device)
        {
            case "cpu":
                return Cpu(commit, null);
            case "cuda" or "auto":
                if (CudaBackend.TryCreate(out var cuda, out var reason))
                {
                    var info = cuda!.Info;
                    return new DeviceChoice(cuda, new RunEnvironment(commit, "cuda", "bf16", info.Name, info.DriverVersion, info.DriverCudaVersion), null);
                }

                // The reason reads "CUDA unavailable: …".
                return device == "cuda"
                    ? throw new UsageException($"--device cuda: {reason}")
                    : Cpu(commit, $"{reason}; using the CPU.");
            default:
                throw new UsageException($"--device '{device}' is not one of {string.Join(", ", Choices)}.");
        }
    }

    private static DeviceChoice Cpu(string commit, string? note) =>
        new(new CpuBackend(), new RunEnvironment(commit, "cpu", "fp32", "", "", ""), note);
}
