using PruneBench.Harness.Results;

namespace PruneBench.Harness.Publishing;

/// <summary>Where a set of results rows was measured: one line per distinct device, GPU, driver, dtype and commit.</summary>
/// <param name="Device">cpu or cuda.</param>
/// <param name="DType">Compute type.</param>
/// <param name="Gpu">GPU model, driver and CUDA version; empty on the CPU.</param>
/// <param name="GitCommit">Commit of the prunebench build that wrote the rows.</param>
/// <param name="Runs">Rows measured there.</param>
public sealed record SiteEnvironment(string Device, string DType, string Gpu, string GitCommit, int Runs)
{
    /// <summary>The distinct environments of <paramref name="rows"/>, most runs first.</summary>
    public static IReadOnlyList<SiteEnvironment> Of(IEnumerable<ResultRow> rows) =>
        rows.Where(r => r.Device.Length > 0)
            .GroupBy(r => (r.Device, r.DType, Gpu: r.GpuName.Length == 0 ? "" : $"{r.GpuName} · driver {r.DriverVersion} · CUDA {r.CudaVersion}", r.GitCommit))
            .Select(g => new SiteEnvironment(g.Key.Device, g.Key.DType, g.Key.Gpu, g.Key.GitCommit, g.Count()))
            .OrderByDescending(e => e.Runs)
            .ToArray();

    /// <summary>An HTML table of <paramref name="environments"/>.</summary>
    public static string Table(IReadOnlyList<SiteEnvironment> environments)
    {
        var rows = string.Concat(environments.Select(e =>
            $"<tr><td class=\"l\">{HtmlText.E(e.Device)}</td><td class=\"l\">{HtmlText.E(e.DType)}</td><td class=\"l\">{HtmlText.E(e.Gpu.Length == 0 ? "—" : e.Gpu)}</td><td class=\"l\"><code>{HtmlText.E(e.GitCommit)}</code></td><td>{e.Runs}</td></tr>\n"));
        return $"<table><tr><th class=\"l\">device</th><th class=\"l\">dtype</th><th class=\"l\">GPU</th><th class=\"l\">prunebench commit</th><th>runs</th></tr>\n{rows}</table>\n";
    }
}
