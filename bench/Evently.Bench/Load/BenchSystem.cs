using System.Globalization;
using Evently.Testing;

namespace Evently.Bench.Load;

/// <summary>
/// The whole system as every scenario boots it: two booking shards, rate limits lifted, and telemetry as a production
/// on-sale would run it: traces sampled at 1 % (parent-based, so a sampled request keeps its whole trace) and metrics
/// exported every 10 s rather than Aspire's development second. Every span of every request, and every instrument of
/// eight processes each second, would measure the dashboard's receiver, which shares the machine's two cores.
/// </summary>
public static class BenchSystem
{
    public const string TraceSampleRatio = "0.01";

    public const int MetricExportSeconds = 10;

    /// <summary>How the report describes the system's telemetry.</summary>
    public static string Telemetry { get; } = string.Create(CultureInfo.InvariantCulture,
        $"traces sampled at {TraceSampleRatio}, metrics exported every {MetricExportSeconds} s, logs in full");

    private static readonly string[] Projects = ["gateway", "events", "booking", "waitlist", "analytics", "webhooks"];

    /// <param name="reads">Where the events service reads listings and details: its standby (the default) or its primary.</param>
    public static Task<EventlySystem> StartAsync(IReadOnlyDictionary<string, string>? booking = null, string reads = "standby",
        IReadOnlyDictionary<string, int>? replicas = null)
    {
        var environment = Projects.ToDictionary(p => p, p => new Dictionary<string, string>
        {
            ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
            ["OTEL_TRACES_SAMPLER_ARG"] = TraceSampleRatio,
            ["OTEL_METRIC_EXPORT_INTERVAL"] = (MetricExportSeconds * 1000).ToString(CultureInfo.InvariantCulture),
        });
        environment["gateway"]["RateLimiting__Enabled"] = "false";
        environment["events"]["Events__ReadFrom"] = reads;
        // Registering the bench's users is not what is measured.
        environment["gateway"]["Identity__PasswordHasher__IterationCount"] = "1000";
        foreach (var (key, value) in booking ?? new Dictionary<string, string>())
        {
            environment["booking"][key] = value;
        }

        // With the Aspire dashboard, as `./evently up` runs: the services export their telemetry to it during the load.
        return EventlySystem.StartAsync(new EventlySystemOptions
        {
            Dashboard = true,
            BookingShards = 2,
            ProjectReplicas = replicas ?? new Dictionary<string, int>(),
            ProjectEnvironment = environment.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, string>)p.Value),
        });
    }
}
