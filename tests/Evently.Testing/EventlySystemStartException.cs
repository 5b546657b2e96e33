namespace Evently.Testing;

/// <summary>AppHost did not bring the system up; <see cref="Exception.Message"/> ends with its console output.</summary>
public sealed class EventlySystemStartException : Exception
{
    public EventlySystemStartException(string reason, int? exitCode, string output)
        : base($"{reason}\n--- AppHost output (last lines) ---\n{output}")
    {
        ExitCode = exitCode;
        Output = output;
    }

    public EventlySystemStartException()
    {
        Output = "";
    }

    public EventlySystemStartException(string message)
        : base(message)
    {
        Output = "";
    }

    public EventlySystemStartException(string message, Exception inner)
        : base(message, inner)
    {
        Output = "";
    }

    /// <summary>AppHost's exit code when it exited by itself (non-zero on failure); null when it was stopped for being slow.</summary>
    public int? ExitCode { get; }

    public string Output { get; }
}
