namespace PruneBench.Benchmarks.Synthetic;

/// <summary>A task-relevant object placed at one grid cell of one frame.</summary>
/// <param name="Frame">Frame index, 0…m−1.</param>
/// <param name="Cell">Cell index in the frame, row-major, 0…n−1.</param>
/// <param name="ObjectId">Object type.</param>
/// <param name="ColorId">Colour.</param>
internal readonly record struct SynthPlacement(int Frame, int Cell, int ObjectId, int ColorId);
