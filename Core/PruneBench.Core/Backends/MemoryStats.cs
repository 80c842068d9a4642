namespace PruneBench.Core.Backends;

/// <summary>Backend memory in bytes: currently held by live tensors, and the peak since the last reset.</summary>
public readonly record struct MemoryStats(long UsedBytes, long PeakBytes);
