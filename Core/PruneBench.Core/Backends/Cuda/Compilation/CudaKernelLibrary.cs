using PruneBench.Core.Backends.Cuda.Interop;

namespace PruneBench.Core.Backends.Cuda.Compilation;

/// <summary>
/// The loaded kernel modules of one context: a kernel file is compiled (or read from the disk cache) and
/// loaded with cuModuleLoadData the first time one of its functions is asked for.
/// </summary>
internal sealed class CudaKernelLibrary : IDisposable
{
    private readonly nint _context;
    private readonly KernelCompiler _compiler;
    private readonly Dictionary<string, CudaModuleHandle> _modules = [];
    private readonly Dictionary<(string File, string Name), nint> _functions = [];
    private readonly Lock _gate = new();

    internal CudaKernelLibrary(nint context, KernelCompiler compiler)
    {
        _context = context;
        _compiler = compiler;
    }

    internal KernelCompiler Compiler => _compiler;

    /// <summary>The CUfunction <paramref name="name"/> of kernel file <paramref name="file"/>.</summary>
    internal unsafe nint Function(string file, string name)
    {
        lock (_gate)
        {
            if (_functions.TryGetValue((file, name), out var function))
            {
                return function;
            }

            if (!_modules.TryGetValue(file, out var module))
            {
                var cubin = _compiler.Compile(file);
                nint raw;
                fixed (byte* p = cubin)
                {
                    CudaStatus.ThrowIfFailed(CudaDriver.cuModuleLoadData(out raw, p), $"cuModuleLoadData({file}.cu, {_compiler.Architecture})");
                }

                _modules[file] = module = new CudaModuleHandle(raw, _context);
            }

            CudaStatus.ThrowIfFailed(CudaDriver.cuModuleGetFunction(out function, module.DangerousGetHandle(), name), $"cuModuleGetFunction({file}.cu, {name})");
            _functions[(file, name)] = function;
            return function;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var m in _modules.Values)
            {
                m.Dispose();
            }

            _modules.Clear();
            _functions.Clear();
        }
    }
}
