using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using PruneBench.Abstractions.Parameters;
using Xunit;

namespace PruneBench.Harness.Tests.Infrastructure;

/// <summary>Real plugin assemblies for loader tests: emitted ones, and copies of built ones.</summary>
public static class PluginAssemblies
{
    /// <summary>
    /// Writes <paramref name="path"/>: a real assembly that references PruneBench.Abstractions (a public field of
    /// type <see cref="ParameterSpec"/>) but holds no reducer.
    /// </summary>
    public static void EmitWithoutReducer(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var assembly = new PersistedAssemblyBuilder(new AssemblyName(name), typeof(object).Assembly);
        var module = assembly.DefineDynamicModule(name);
        var type = module.DefineType($"{name}.Helper", TypeAttributes.Public | TypeAttributes.Class);
        type.DefineField("Spec", typeof(ParameterSpec), FieldAttributes.Public);
        type.CreateType();
        assembly.Save(path);
    }

    /// <summary>
    /// Changes, in place, one hex digit of the commit the SDK stamped into the informational version
    /// ("1.0.0+&lt;sha&gt;"): the same plugin built at another commit, still a valid assembly.
    /// </summary>
    public static void Restamp(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var at = bytes.AsSpan().IndexOf("1.0.0+"u8) + 6;
        Assert.True(at >= 6, $"{path} carries no commit in its informational version.");
        bytes[at] = bytes[at] == (byte)'a' ? (byte)'b' : (byte)'a';
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Copies every file of <paramref name="from"/> into <paramref name="to"/>.</summary>
    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}
