using PruneBench.Core.Backends;

namespace PruneBench.Core.Tensors;

/// <summary>
/// A dense row-major tensor living on one backend: shape, element type, and storage. Views made by
/// <see cref="Reshape"/> share storage and do not own it. All model code addresses tensors as
/// "rows × width" where width is the last dimension.
/// </summary>
public sealed class Tensor : IDisposable
{
    private bool _ownsStorage;

    /// <summary>Wraps <paramref name="storage"/>; the tensor owns it unless it is a view.</summary>
    public Tensor(IBackend backend, TensorStorage storage, int[] shape, DType dtype, bool ownsStorage = true)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (var d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
        }

        Backend = backend;
        Storage = storage;
        Shape = shape;
        DType = dtype;
        _ownsStorage = ownsStorage;
    }

    /// <summary>Backend that owns the storage.</summary>
    public IBackend Backend { get; }

    /// <summary>Backend-specific memory.</summary>
    public TensorStorage Storage { get; }

    /// <summary>Dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>Element type.</summary>
    public DType DType { get; }

    /// <summary>Product of the dimensions.</summary>
    public long Length
    {
        get
        {
            long n = 1;
            foreach (var d in Shape)
            {
                n *= d;
            }

            return n;
        }
    }

    /// <summary>Size of the last dimension (1 for a scalar).</summary>
    public int Width => Shape.Length == 0 ? 1 : Shape[^1];

    /// <summary>Number of rows: <see cref="Length"/> / <see cref="Width"/>.</summary>
    public int Rows => Width == 0 ? 0 : checked((int)(Length / Width));

    /// <summary>A view with another shape of the same element count (shares storage, not owned).</summary>
    public Tensor Reshape(params int[] shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            n *= d;
        }

        if (n != Length)
        {
            throw new ArgumentException($"Cannot reshape [{string.Join(",", Shape)}] to [{string.Join(",", shape)}].");
        }

        return new Tensor(Backend, Storage, shape, DType, ownsStorage: false);
    }

    /// <summary>
    /// Like <see cref="Reshape"/>, but the result takes over ownership of the storage and this tensor
    /// becomes a non-owning alias (disposing it no longer frees anything).
    /// </summary>
    public Tensor ReshapeOwned(params int[] shape)
    {
        var view = Reshape(shape);
        if (_ownsStorage)
        {
            _ownsStorage = false;
            view._ownsStorage = true;
        }

        return view;
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor[{string.Join(",", Shape)}] {DType} on {Backend.Name}";

    /// <summary>Releases the storage if this tensor owns it.</summary>
    public void Dispose()
    {
        if (_ownsStorage)
        {
            Storage.Dispose();
        }
    }
}
