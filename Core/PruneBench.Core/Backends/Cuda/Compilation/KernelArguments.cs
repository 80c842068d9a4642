using System.Runtime.CompilerServices;

namespace PruneBench.Core.Backends.Cuda.Compilation;

/// <summary>
/// The kernelParams array of cuLaunchKernel, built on the stack: each argument gets an 8-byte slot and a
/// pointer to that slot. Arguments are added in the kernel's parameter order.
/// </summary>
internal unsafe ref struct KernelArguments
{
    internal const int Capacity = 20;
    private fixed long _slots[Capacity];
    private int _count;

    internal readonly int Count => _count;

    internal void Add(nint value) => Slot() = value;

    internal void Add(long value) => Slot() = value;

    internal void Add(int value) => Unsafe.As<long, int>(ref Slot()) = value;

    internal void Add(float value) => Unsafe.As<long, float>(ref Slot()) = value;

    internal void Add(ulong value) => Unsafe.As<long, ulong>(ref Slot()) = value;

    /// <summary>Fills <paramref name="pointers"/> with the slot addresses; the struct must stay where it is (on the stack) during the launch.</summary>
    internal void Pointers(nint* pointers)
    {
        for (var i = 0; i < _count; i++)
        {
            pointers[i] = (nint)Unsafe.AsPointer(ref _slots[i]);
        }
    }

    private ref long Slot()
    {
        if (_count == Capacity)
        {
            throw new InvalidOperationException($"A kernel launch takes at most {Capacity} arguments.");
        }

        _slots[_count] = 0;
        return ref _slots[_count++];
    }
}
