namespace Evently.Hosting.Orchestration;

/// <summary>One resource that could not be started: its name, why, and the end of its console output.</summary>
public sealed record ResourceFailure(string Resource, string Type, string Reason, IReadOnlyList<string> LastLogLines);

/// <summary>Start-up failed; every failing resource is listed (dependents that never started are not).</summary>
public sealed class StartupException : Exception
{
    public StartupException(IReadOnlyList<ResourceFailure> failures)
        : base(string.Join("; ", failures.Select(f => $"{f.Resource}: {f.Reason}")))
    {
        Failures = failures;
    }

    public StartupException()
    {
        Failures = [];
    }

    public StartupException(string message)
        : base(message)
    {
        Failures = [];
    }

    public StartupException(string message, Exception inner)
        : base(message, inner)
    {
        Failures = [];
    }

    public IReadOnlyList<ResourceFailure> Failures { get; }
}
