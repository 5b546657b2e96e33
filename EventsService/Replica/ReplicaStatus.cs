namespace Evently.EventsService.Replica;

/// <summary>
/// The standby as last sampled. <see cref="LagMs"/> is how old the oldest change it has not replayed yet is (0 when it
/// has everything the primary had at the sample), to the sampling interval's resolution.
/// </summary>
/// <param name="State">
/// <c>streaming</c>; <c>disconnected</c> (answers reads but receives nothing from the primary); <c>unreachable</c>;
/// <c>not-in-recovery</c> (promoted: never read from it); <c>primary-unreachable</c> (lag cannot be measured); <c>unknown</c> (not sampled yet).
/// </param>
public sealed record ReplicaStatus(string State, ulong ReplayLsn, double? LagMs, long? LagBytes, DateTimeOffset? SampledAt, string? Error)
{
    public static readonly ReplicaStatus Unknown = new("unknown", 0, null, null, null, null);

    /// <summary>It answers reads, replays the primary's WAL, and its lag is known.</summary>
    public bool Usable => State is "streaming" or "disconnected" && LagMs is not null;
}
