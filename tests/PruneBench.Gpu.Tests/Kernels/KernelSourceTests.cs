using PruneBench.Core.Backends.Cuda.Compilation;

namespace PruneBench.Gpu.Tests.Kernels;

/// <summary>The embedded kernel sources (checked without a GPU): present, and kernel names unique across files.</summary>
public sealed class KernelSourceTests
{
    [Fact]
    public void Every_kernel_file_is_embedded_and_declares_kernels()
    {
        var files = KernelCompiler.KernelFiles();
        Assert.Equal(["attention", "elementwise", "fused", "mamba", "norm", "rope", "rows", "selection"], files);
        foreach (var f in files)
        {
            Assert.NotEmpty(KernelCompiler.KernelNames(f));
        }
    }

    [Fact]
    public void Kernel_names_are_unique_across_files()
    {
        var names = KernelCompiler.KernelFiles().SelectMany(KernelCompiler.KernelNames).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("flash_attention", names);
        Assert.Contains("ssd_scan", names);
    }
}
