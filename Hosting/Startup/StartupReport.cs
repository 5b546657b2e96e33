namespace Evently.Hosting.Startup;

/// <summary>How the start went: when everything was healthy, or which resource failed and why (read by tests too).</summary>
public sealed class StartupReport
{
    private readonly TaskCompletionSource<TimeSpan> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the time to all healthy, or faults with the first failure.</summary>
    public Task<TimeSpan> Ready => _ready.Task;

    internal void Succeeded(TimeSpan elapsed) => _ready.TrySetResult(elapsed);

    public void Failed(string message) => _ready.TrySetException(new StartupFailedException(message));
}

public sealed class StartupFailedException(string message) : Exception(message);
