using Evently.Testing;

namespace Evently.Bench.Load;

/// <summary>
/// The whole system as every scenario boots it: two booking shards, rate limits lifted, and traces sampled at 1 %
/// (parent-based, so a sampled request keeps its whole trace) as a production on-sale would run. Recording every span
/// of every request would measure the dashboard's receiver, which shares the machine's two cores with the system.
/// </summary>
public static class BenchSystem
{
    public const string TraceSampleRatio = "0.01";

    private static readonly string[] Projects = ["gateway", "events", "booking", "waitlist", "analytics", "webhooks"];

    /// <param name="reads">Where the events service reads listings and details: its standby (the default) or its primary.</param>
    public static Task<EventlySystem> StartAsync(IReadOnlyDictionary<string, string>? booking = null, string reads = "standby",
        IReadOnlyDictionary<string, int>? replicas = null)
    {
        var environment = Projects.ToDictionary(p => p, p => new Dictionary<string, string>
        {
            ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
            ["OTEL_TRACES_SAMPLER_ARG"] = TraceSampleRatio,
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
