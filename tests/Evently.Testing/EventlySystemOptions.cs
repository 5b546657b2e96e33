namespace Evently.Testing;

/// <summary>How <see cref="EventlySystem"/> boots the system. The defaults suit most test assemblies.</summary>
public sealed record EventlySystemOptions
{
    /// <summary>
    /// Applied under <see cref="ProjectEnvironment"/> (which wins per key): the gateway's rate limiting is off so
    /// load tests are not throttled; a test about limits sets <c>["gateway"]["RateLimiting__Enabled"] = "true"</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> DefaultProjectEnvironment { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["gateway"] = new Dictionary<string, string> { ["RateLimiting__Enabled"] = "false" },
        };

    public int BookingShards { get; init; } = 2;

    /// <summary>Replicas of every service (<c>--replicas N</c>); each replica is its own resource instance, see <see cref="EventlySystem.Instances"/>.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Replicas of one service, over <see cref="Replicas"/> (<c>--replicas PROJECT=N</c>), e.g. <c>["booking"] = 2</c>.</summary>
    public IReadOnlyDictionary<string, int> ProjectReplicas { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// "project" → environment variables, e.g. <c>["booking"] = { ["Booking__Strategy"] = "row-lock" }</c>;
    /// merged over <see cref="DefaultProjectEnvironment"/>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ProjectEnvironment { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>State folder; null means a new temp folder, deleted on dispose.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Start from empty data (<c>--fresh</c>). False reuses what <see cref="StateDirectory"/> holds.</summary>
    public bool Fresh { get; init; } = true;

    /// <summary>Keep the state folder on dispose (to start again on the same data).</summary>
    public bool KeepStateDirectory { get; init; }

    /// <summary>0 = a free port.</summary>
    public int GatewayPort { get; init; }

    /// <summary>Run the Aspire dashboard too (tests run without it otherwise, as Aspire.Hosting.Testing does).</summary>
    public bool Dashboard { get; init; }

    /// <summary>AppHost configuration, as its environment would give it (e.g. <c>EVENTLY_PG_BIN</c>).</summary>
    public IReadOnlyDictionary<string, string> AppHostEnvironment { get; init; } = new Dictionary<string, string>();

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(180);

    internal IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> EffectiveProjectEnvironment()
    {
        var merged = DefaultProjectEnvironment.ToDictionary(p => p.Key, p => new Dictionary<string, string>(p.Value));
        foreach (var (project, env) in ProjectEnvironment)
        {
            if (!merged.TryGetValue(project, out var target))
            {
                merged[project] = target = [];
            }

            foreach (var (key, value) in env)
            {
                target[key] = value;
            }
        }

        return merged.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, string>)p.Value);
    }
}
