namespace PruneBench.Harness.Results;

/// <summary>Values of the <c>status</c> column.</summary>
public static class RunStatus
{
    /// <summary>The run finished; outcome columns are filled.</summary>
    public const string Ok = "ok";

    /// <summary>The method or engine threw; <c>error</c> holds the message. The sweep went on.</summary>
    public const string Failed = "failed";

    /// <summary>The configuration did not fit on the device (out of memory). The sweep went on.</summary>
    public const string Skipped = "skipped";
}
