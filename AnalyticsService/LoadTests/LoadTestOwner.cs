namespace Evently.AnalyticsService.LoadTests;

/// <summary>This analytics process as the owner of the load tests it runs (a restarted process is a new owner).</summary>
public sealed class LoadTestOwner
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
