using System.Runtime.InteropServices;
using PruneBench.Core.Backends.Cuda.Interop;

namespace PruneBench.Core.Backends.Cuda.Memory;

/// <summary>
/// Page-locked host buffer through which every upload and download passes (DMA needs pinned memory for
/// truly asynchronous copies). Uploads take consecutive slices; when the buffer is full the stream is
/// synchronised (all earlier copies out of it have completed) and filling restarts at 0.
/// Large transfers are split into buffer-sized pieces.
/// </summary>
internal sealed unsafe class PinnedStaging : IDisposable
{
    private readonly PinnedHostMemoryHandle _buffer;
    private readonly nint _stream;
    private readonly long _capacity;
    private long _offset;

    internal PinnedStaging(nint context, nint stream, long capacity)
    {
        CudaStatus.ThrowIfFailed(CudaDriver.cuMemAllocHost(out var pointer, (nuint)capacity));
        _buffer = new PinnedHostMemoryHandle(pointer, context);
        _stream = stream;
        _capacity = capacity;
    }

    private byte* Base => (byte*)_buffer.DangerousGetHandle();

    /// <summary>Copies <paramref name="source"/> to device address <paramref name="destination"/> (queued on the stream).</summary>
    internal void Upload(ReadOnlySpan<byte> source, nint destination)
    {
        while (!source.IsEmpty)
        {
            var n = (int)Math.Min(source.Length, _capacity);
            var slice = Reserve(n);
            source[..n].CopyTo(new Span<byte>(slice, n));
            CudaStatus.ThrowIfFailed(CudaDriver.cuMemcpyHtoDAsync(destination, (nint)slice, (nuint)n, _stream));
            source = source[n..];
            destination += n;
        }
    }

    /// <summary>Uploads <paramref name="count"/> bytes produced by <paramref name="fill"/> directly in pinned memory (host-side dtype conversion without a second copy).</summary>
    internal void UploadFilled(long count, nint destination, FillAction fill)
    {
        long done = 0;
        while (done < count)
        {
            var n = (int)Math.Min(count - done, _capacity);
            var slice = Reserve(n);
            fill(new Span<byte>(slice, n), done);
            CudaStatus.ThrowIfFailed(CudaDriver.cuMemcpyHtoDAsync(destination + (nint)done, (nint)slice, (nuint)n, _stream));
            done += n;
        }
    }

    /// <summary>Copies device bytes into <paramref name="destination"/>, waiting for the stream.</summary>
    internal void Download(nint source, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var n = (int)Math.Min(destination.Length, _capacity);
            CudaStatus.ThrowIfFailed(CudaDriver.cuStreamSynchronize(_stream));
            CudaStatus.ThrowIfFailed(CudaDriver.cuMemcpyDtoHAsync((nint)Base, source, (nuint)n, _stream));
            CudaStatus.ThrowIfFailed(CudaDriver.cuStreamSynchronize(_stream));
            _offset = 0;
            new ReadOnlySpan<byte>(Base, n).CopyTo(destination);
            destination = destination[n..];
            source += n;
        }
    }

    public void Dispose() => _buffer.Dispose();

    private byte* Reserve(int n)
    {
        // 256-byte alignment keeps every slice suitable for any element type.
        var start = (_offset + 255) & ~255L;
        if (start + n > _capacity)
        {
            CudaStatus.ThrowIfFailed(CudaDriver.cuStreamSynchronize(_stream));
            start = 0;
        }

        _offset = start + n;
        return Base + start;
    }

    /// <summary>Writes the bytes [offset, offset + span.Length) of the upload into <c>span</c>.</summary>
    internal delegate void FillAction(Span<byte> span, long offset);
}
