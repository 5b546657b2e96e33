namespace Evently.Hosting;

/// <summary>Lifecycle of a resource, as Aspire's dashboard shows it.</summary>
public enum ResourceState
{
    /// <summary>Declared, not started yet.</summary>
    NotStarted,

    /// <summary>Waiting for the resources it <c>WaitFor</c>s to be healthy.</summary>
    Waiting,

    /// <summary>Preparing (initdb, folders) and launching the process.</summary>
    Starting,

    /// <summary>Process up, health check not passing yet.</summary>
    Running,

    /// <summary>Process up and its health check passes.</summary>
    Healthy,

    /// <summary>Was healthy, its health check now fails.</summary>
    Unhealthy,

    /// <summary>Being stopped on purpose.</summary>
    Stopping,

    /// <summary>Stopped on purpose.</summary>
    Stopped,

    /// <summary>The process ended by itself (see the exit code); projects are restarted with back-off.</summary>
    Exited,

    /// <summary>Could not be started (binary missing, port taken, exited early, not healthy in time).</summary>
    Failed,
}
