namespace PruneBench.Abstractions.Signals;

/// <summary>How per-head query attention is combined into one score per token.</summary>
public enum HeadAggregation
{
    /// <summary>Mean over heads and queries. Default.</summary>
    Mean,

    /// <summary>Max over heads of the query-mean.</summary>
    Max,
}
