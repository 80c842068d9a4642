using System.Globalization;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Results;

/// <summary>
/// One writer per output folder. <c>.prunebench.lock</c> is held open exclusively (an advisory <c>flock</c> on
/// Linux and macOS, a share lock on Windows) for as long as a command writes the folder, so the operating system
/// releases it when the process ends in any way, <c>kill -9</c> included: there is no stale lock to clear by hand.
/// The holder (process id, host, start time, command line) is written to <c>.prunebench.holder</c> beside it, where
/// a refused second writer reads it for its one-line error. Both files are removed when the command ends normally.
/// </summary>
public sealed class OutputLock : IDisposable
{
    /// <summary>The lock file's name.</summary>
    public const string LockName = ".prunebench.lock";

    /// <summary>The holder file's name.</summary>
    public const string HolderName = ".prunebench.holder";

    private readonly FileStream _lock;
    private readonly string _holderPath;

    private OutputLock(FileStream held, string holderPath)
    {
        _lock = held;
        _holderPath = holderPath;
    }

    /// <summary>Takes the lock of <paramref name="folder"/> (which must exist) for <paramref name="commandLine"/>.</summary>
    /// <exception cref="UsageException">Another process holds it; the message names that process and its command.</exception>
    public static OutputLock Acquire(string folder, string commandLine)
    {
        var path = Path.Combine(folder, LockName);
        var holderPath = Path.Combine(folder, HolderName);
        FileStream held;
        try
        {
            // DeleteOnClose unlinks before closing: a process that opens the path afterwards locks a new file.
            held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e)
        {
            var holder = File.Exists(holderPath) ? File.ReadAllText(holderPath).Trim() : "another process (no holder recorded yet)";
            throw new UsageException(
                $"Output folder '{folder}' is in use by {holder}. Two writers would run every configuration twice: wait for it to finish, or choose another --out.",
                e);
        }

        File.WriteAllText(holderPath, string.Create(CultureInfo.InvariantCulture,
            $"prunebench pid {Environment.ProcessId} on {Environment.MachineName} since {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} ({commandLine})\n"));
        return new OutputLock(held, holderPath);
    }

    /// <summary>Removes the holder file and releases (and removes) the lock.</summary>
    public void Dispose()
    {
        File.Delete(_holderPath);
        _lock.Dispose();
    }
}
