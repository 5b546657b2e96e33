namespace Evently.Testing;

/// <summary>The system did not come up: which resource failed and why, with the last lines of its log.</summary>
public sealed class EventlySystemStartException : Exception
{
    public EventlySystemStartException()
    {
    }

    public EventlySystemStartException(string message)
        : base(message)
    {
    }

    public EventlySystemStartException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}
