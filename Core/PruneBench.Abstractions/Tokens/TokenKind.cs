namespace PruneBench.Abstractions.Tokens;

/// <summary>Whether a sequence position holds text or a visual token.</summary>
public enum TokenKind
{
    /// <summary>Text, system or template token. Reducers never remove or merge these.</summary>
    Text,

    /// <summary>Visual token from the injected span.</summary>
    Visual,
}
