using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Harness.Commands;

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
                if (TryCreateCuda(out var cuda, out var reason))
                {
                    return new DeviceChoice(cuda!, new RunEnvironment(commit, "cuda", "bf16", cuda!.Name, "", ""), null);
                }

                return device == "cuda"
                    ? throw new UsageException($"--device cuda: CUDA unavailable: {reason}")
                    : Cpu(commit, $"CUDA unavailable: {reason}; using the CPU.");
            default:
                throw new UsageException($"--device '{device}' is not one of {string.Join(", ", Choices)}.");
        }
    }

    private static DeviceChoice Cpu(string commit, string? note) =>
        new(new CpuBackend(), new RunEnvironment(commit, "cpu", "fp32", "", "", ""), note);

    // The CUDA backend (Core/Backends/Cuda) is not part of this build yet; this is the one line to switch
    // to CudaBackend.TryCreate(out backend, out reason) when it is.
    private static bool TryCreateCuda(out IBackend? backend, out string reason)
    {
        backend = null;
        reason = "this build has no CUDA backend";
        return false;
    }
}
