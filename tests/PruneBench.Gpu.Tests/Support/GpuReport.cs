using System.Globalization;

namespace PruneBench.Gpu.Tests.Support;

/// <summary>
/// Facts worth recording in docs/gpu.md (device, kernel registers/spills, timings): printed to stderr and,
/// when PRUNEBENCH_GPU_REPORT names a file, appended there.
/// </summary>
public static class GpuReport
{
    private static readonly Lock Gate = new();

    public static void Line(string text)
    {
        lock (Gate)
        {
            Console.Error.WriteLine("[gpu-report] " + text);
            var path = Environment.GetEnvironmentVariable("PRUNEBENCH_GPU_REPORT");
            if (!string.IsNullOrWhiteSpace(path))
            {
                File.AppendAllText(path, text + Environment.NewLine);
            }
        }
    }

    public static void Timing(string what, double milliseconds, string? rate = null) =>
        Line(string.Create(CultureInfo.InvariantCulture, $"timing: {what}: {milliseconds:F3} ms{(rate is null ? "" : ", " + rate)}"));
}
