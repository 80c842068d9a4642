using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Parameters;

namespace PruneBench.Core.Plugins;

/// <summary>One reduction method discovered in a plugin assembly.</summary>
/// <param name="Name">Command-line name (<see cref="IReductionMethod.Name"/>).</param>
/// <param name="Description">One-line description.</param>
/// <param name="Parameters">Parameter schema.</param>
/// <param name="TypeName">Full name of the implementing type.</param>
/// <param name="AssemblyPath">Plugin assembly the type was loaded from.</param>
/// <param name="Method">The instance created during discovery (methods are stateless factories).</param>
public sealed record PluginMethod(
    string Name,
    string Description,
    IReadOnlyList<ParameterSpec> Parameters,
    string TypeName,
    string AssemblyPath,
    IReductionMethod Method);
