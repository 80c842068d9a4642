using System.Runtime.InteropServices;
using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Torch;

namespace PruneBench.Core.Tests.Backends;

/// <summary>Finding libtorch and reading its failures, checked without loading it (TorchSharp cannot load on this machine).</summary>
public sealed class LibTorchDiscoveryTests
{
    [Fact]
    public void The_version_is_read_from_the_pytorch_install_next_to_the_libraries()
    {
        var root = Directory.CreateTempSubdirectory("torch-");
        try
        {
            var lib = Directory.CreateDirectory(Path.Combine(root.FullName, "lib"));
            File.WriteAllText(Path.Combine(root.FullName, "version.py"), "__version__ = '2.11.0+cu130'\ngit_version = 'abc'\n");
            Assert.Equal("2.11.0+cu130", LibTorchLocator.VersionOf(lib.FullName));
            File.Delete(Path.Combine(root.FullName, "version.py"));
            File.WriteAllText(Path.Combine(root.FullName, "build-version"), "2.10.0+cu128\n");
            Assert.Equal("2.10.0+cu128", LibTorchLocator.VersionOf(lib.FullName));
            File.Delete(Path.Combine(root.FullName, "build-version"));
            Assert.Equal("unknown", LibTorchLocator.VersionOf(lib.FullName));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_PRUNEBENCH_LIBTORCH_folder_without_libtorch_is_an_error_naming_it_not_a_reason_to_look_elsewhere()
    {
        var empty = Directory.CreateTempSubdirectory("no-torch-");
        var previous = Environment.GetEnvironmentVariable(LibTorchLocator.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(LibTorchLocator.EnvironmentVariable, empty.FullName);
            Assert.Null(LibTorchLocator.Locate(out var reason));
            Assert.Equal($"libtorch not found: PRUNEBENCH_LIBTORCH={empty.FullName} has no libtorch_cuda.so.", reason);
        }
        finally
        {
            Environment.SetEnvironmentVariable(LibTorchLocator.EnvironmentVariable, previous);
            empty.Delete();
        }
    }

    [Fact]
    public void An_out_of_memory_from_libtorch_becomes_a_typed_one_line_error()
    {
        var e = LibTorchErrors.Translate(new ExternalException("CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 139.81 GiB\nException raised from malloc at c10/cuda/CUDACachingAllocator.cpp:1\nframe #0: ..."));

        var oom = Assert.IsType<DeviceOutOfMemoryException>(e);
        Assert.Equal("libtorch: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 139.81 GiB", oom.Message);
    }

    [Fact]
    public void Any_other_libtorch_failure_is_one_line_naming_libtorch()
    {
        var e = LibTorchErrors.Translate(new ExternalException("No available kernel. Aborting execution.\nframe #0: at::_fused_sdp_choice"));

        var op = Assert.IsType<LibTorchException>(e);
        Assert.Equal("libtorch could not compute an op: No available kernel. Aborting execution.", op.Message);
        Assert.DoesNotContain('\n', op.Message);
    }

    [Theory]
    [InlineData(null, true)]                                          // unset: the backend sets backend:cudaMallocAsync
    [InlineData("backend:cudaMallocAsync", true)]
    [InlineData("backend: cudaMallocAsync,release_threshold:0", true)]
    [InlineData("expandable_segments:True", false)]                  // PyTorch's caching allocator: the pool sees nothing
    [InlineData("backend:native", false)]
    public void Memory_is_measured_only_when_libtorch_allocates_from_the_driver_pool(string? conf, bool measured) =>
        Assert.Equal(measured, LibTorchRuntime.SelectsDevicePool(conf));
}
