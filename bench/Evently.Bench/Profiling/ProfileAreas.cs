namespace Evently.Bench.Profiling;

/// <summary>
/// Which part of the request path a sampled stack belongs to: the innermost frame that names a known area wins, so
/// the JSON serializer called by an endpoint counts as JSON, not as the endpoint.
/// </summary>
public static class ProfileAreas
{
    private static readonly (string Area, string[] Markers)[] Areas =
    [
        ("GC and allocation", ["PollGC", "GC.", "AllocateNewArray", "AllocateUninitialized"]),
        ("JWT validation", ["JsonWebToken", "JwtBearer", "TokenValidation", "Hmac"]),
        ("JSON", ["Utf8Json", "JsonSerializer", "JsonTypeInfo", "JsonConverter"]),
        ("PostgreSQL client (Npgsql)", ["Npgsql", "Dapper", "SqlMapper"]),
        ("group commit", ["EventBatcher", "GroupCommit"]),
        ("message relay (outbox, RabbitMQ)", ["OutboxRelay", "RabbitMQ", "MassTransit"]),
        ("telemetry (OpenTelemetry, metrics, logs)", ["OpenTelemetry", "AggregatorStore", "Activity.", "DiagnosticListener", "Logger", "Metrics"]),
        ("proxy forwarding (YARP, HttpClient)", ["Yarp", "HttpConnection", "SocketsHttpHandler", "HttpClient", "HttpHeaders", "HttpForwarder"]),
        ("HTTP server (Kestrel)", ["Kestrel", "Http1", "HttpProtocol", "Pipe."]),
        ("sockets", ["Socket"]),
        ("locks and thread pool", ["Monitor.", "Lock.", "SpinWait", "Semaphore", "ThreadPool", "Channel"]),
    ];

    public static string Of(IEnumerable<string> stackOuterToInner)
    {
        foreach (var frame in stackOuterToInner.Reverse())
        {
            foreach (var (area, markers) in Areas)
            {
                if (markers.Any(m => frame.Contains(m, StringComparison.Ordinal)))
                {
                    return area;
                }
            }
        }

        return "other (ASP.NET Core pipeline, endpoints, runtime)";
    }
}
