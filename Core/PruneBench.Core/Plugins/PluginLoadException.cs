namespace PruneBench.Core.Plugins;

/// <summary>
/// A plugin folder or assembly could not be used: not a .NET assembly, built against another contract
/// major version, no reducer in it, a reducer that cannot be created, or two plugins defining the same
/// method name. The message names the file (and type) at fault.
/// </summary>
public sealed class PluginLoadException : Exception
{
    /// <summary>Creates the exception with a message naming the plugin at fault.</summary>
    public PluginLoadException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PluginLoadException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PluginLoadException(string message, Exception inner) : base(message, inner)
    {
    }
}
