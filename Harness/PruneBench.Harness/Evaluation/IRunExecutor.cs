using PruneBench.Harness.Runs;
using PruneBench.Harness.Sweeps;

namespace PruneBench.Harness.Evaluation;

/// <summary>Executes one configuration over its samples.</summary>
public interface IRunExecutor
{
    /// <summary>Runs <paramref name="run"/>.</summary>
    /// <exception cref="PruneBench.Core.Backends.DeviceOutOfMemoryException">The configuration does not fit (the row becomes <c>skipped</c>).</exception>
    /// <exception cref="Exception">Anything the method or engine throws (the row becomes <c>failed</c>).</exception>
    RunMeasurement Execute(RunConfiguration run);
}
