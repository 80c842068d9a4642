using PruneBench.Core.Backends;

namespace PruneBench.Harness.Devices;

/// <summary>The backend a command runs on and the environment columns that describe it.</summary>
/// <param name="Backend">The backend (owned: dispose when done).</param>
/// <param name="Environment">Environment columns.</param>
/// <param name="Note">Why the device differs from the request (e.g. "CUDA unavailable: …, using the CPU"), or null.</param>
public sealed record DeviceChoice(IBackend Backend, RunEnvironment Environment, string? Note);
