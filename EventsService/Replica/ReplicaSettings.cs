namespace Evently.EventsService.Replica;

/// <summary>
/// Where the events service reads listings and details: <c>Events:ReadFrom</c> = <c>standby</c> (default, when a
/// standby is configured as <c>ConnectionStrings:events-db-replica</c>) or <c>primary</c>; <c>Events:ReplicaMaxLagMs</c>
/// (default 1000): past this lag reads go to the primary; <c>Events:ReplicaSampleMs</c> (default 500): how often the lag is measured.
/// </summary>
public sealed record ReplicaSettings(bool ReadFromStandby, TimeSpan MaxLag, TimeSpan SampleInterval)
{
    public const string ConnectionName = "events-db-replica";

    public static ReplicaSettings From(IConfiguration configuration)
    {
        var readFrom = configuration["Events:ReadFrom"] is { Length: > 0 } value ? value.Trim().ToLowerInvariant() : "standby";
        if (readFrom is not ("standby" or "primary"))
        {
            throw new InvalidOperationException($"Events:ReadFrom must be 'standby' or 'primary', not '{readFrom}'.");
        }

        return new ReplicaSettings(readFrom == "standby",
            TimeSpan.FromMilliseconds(Math.Clamp(configuration.GetValue("Events:ReplicaMaxLagMs", 1000.0), 0, 3_600_000)),
            TimeSpan.FromMilliseconds(Math.Clamp(configuration.GetValue("Events:ReplicaSampleMs", 500.0), 50, 60_000)));
    }
}
