namespace Evently.LiveMetrics;

/// <summary>A read replica as one service sees it: where its reads go and how far the standby is behind.</summary>
/// <param name="Name">The standby's resource (connection) name.</param>
/// <param name="ReadsFrom"><c>standby</c> or <c>primary</c>: where a read goes now.</param>
/// <param name="Reason">Why: <c>standby</c>, or the reason for the primary (<c>lagging</c>, <c>unreachable</c>, <c>configured</c>, ...).</param>
/// <param name="State">The standby's replication state as last sampled (<c>streaming</c>, <c>unreachable</c>, ...).</param>
/// <param name="LagMs">How old the oldest change it has not replayed is; null when it cannot be measured.</param>
/// <param name="LagBytes">WAL not replayed yet; null when it cannot be measured.</param>
/// <param name="MaxLagMs">The bound past which reads go to the primary.</param>
/// <param name="Error">The last sampling error, if any.</param>
public sealed record ReplicaFigures(string Name, string ReadsFrom, string Reason, string State, double? LagMs, long? LagBytes, double MaxLagMs, string? Error);

/// <summary>A service's read replica, for its live metrics snapshot (registered by the services that have one).</summary>
public interface IReplicaFiguresSource
{
    ReplicaFigures Figures { get; }
}
