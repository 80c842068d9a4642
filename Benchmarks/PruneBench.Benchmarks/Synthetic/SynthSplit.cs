namespace PruneBench.Benchmarks.Synthetic;

/// <summary>Data split. Seeds of the two splits never coincide (see <see cref="SynthSampleKey.Seed"/>).</summary>
public enum SynthSplit
{
    /// <summary>For training the shipped models only.</summary>
    Train,

    /// <summary>What the harness evaluates.</summary>
    Test,
}
