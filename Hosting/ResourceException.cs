namespace Evently.Hosting;

/// <summary>A resource could not be started or stopped; the message says why in a sentence.</summary>
public sealed class ResourceException : Exception
{
    public ResourceException(string message)
        : base(message)
    {
    }

    public ResourceException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ResourceException()
    {
    }
}
