using Evently.Bench.Load;

namespace Evently.Bench.Report;

/// <summary>One named run of the load generator, as the report shows it.</summary>
public sealed record Measurement(string Scenario, string Name, LoadResult Load, int? SeatsOversold = null)
{
    /// <summary>The events standby's largest lag during the run (ms), and where the events service read from.</summary>
    public double? ReplicaLagMaxMs { get; init; }

    public string? ReadsFrom { get; init; }

    /// <summary>Answers that count as success for this run (2xx, and the expected 409 "sold out" of bookings).</summary>
    public long Succeeded => Load.Outcomes.Where(o => Success(o.Key)).Sum(o => o.Value);

    public double SuccessRate => Load.Requests == 0 ? 0 : (double)Succeeded / Load.Requests;

    public double PerSecond => Load.Requests / Load.DurationSeconds;

    public string ErrorSplit =>
        string.Join(", ", Load.Outcomes.Where(o => !Success(o.Key)).OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}")) is { Length: > 0 } s
            ? s
            : "none";

    private static bool Success(string outcome) => outcome is "ok" or "booked" or "cancelled" or "sold_out_409" or "not_cancellable_409";
}
