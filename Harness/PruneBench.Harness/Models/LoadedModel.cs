using PruneBench.Core.Models;

namespace PruneBench.Harness.Models;

/// <summary>A model ready to run, with the name results use for it.</summary>
/// <param name="Name">Name in results (as given on the command line: shipped name, preset or folder).</param>
/// <param name="Model">The language model on its backend.</param>
/// <param name="Source">Folder or description it came from.</param>
public sealed record LoadedModel(string Name, LanguageModel Model, string Source);
