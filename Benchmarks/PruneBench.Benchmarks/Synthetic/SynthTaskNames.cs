namespace PruneBench.Benchmarks.Synthetic;

/// <summary>Command-line and file names of the task families (<c>needle-color</c>, <c>temporal</c>, …).</summary>
public static class SynthTaskNames
{
    private static readonly (SynthTask Task, string Name)[] Names =
    [
        (SynthTask.NeedleColor, "needle-color"),
        (SynthTask.Temporal, "temporal"),
        (SynthTask.Count, "count"),
        (SynthTask.Order, "order"),
        (SynthTask.Spatial, "spatial"),
        (SynthTask.NeighborColor, "neighbor-color"),
    ];

    /// <summary>All tasks in their canonical order (the <c>synth-hop</c> suite).</summary>
    public static IReadOnlyList<SynthTask> All { get; } = Names.Select(n => n.Task).ToArray();

    /// <summary>
    /// The five one-hop tasks: the <c>synth</c> suite, which the first shipped models (synth-qwen2, synth-nemotronh)
    /// were trained and published on; kept as it is so their numbers stay reproducible.
    /// </summary>
    public static IReadOnlyList<SynthTask> OneHop { get; } =
        [SynthTask.NeedleColor, SynthTask.Temporal, SynthTask.Count, SynthTask.Order, SynthTask.Spatial];

    /// <summary>The task's name, e.g. <c>needle-color</c>.</summary>
    public static string NameOf(SynthTask task) => Names.First(n => n.Task == task).Name;

    /// <summary>Parses a task name; throws naming the valid names when it is unknown.</summary>
    public static SynthTask Parse(string name)
    {
        foreach (var (task, n) in Names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                return task;
            }
        }

        throw new ArgumentException(
            $"Unknown synthetic task '{name}'; expected one of {string.Join(", ", Names.Select(n => n.Name))}.", nameof(name));
    }
}
