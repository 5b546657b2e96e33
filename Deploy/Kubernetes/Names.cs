namespace Evently.Deploy.Kubernetes;

/// <summary>Names the generated objects share: one place, so the base and the overlays agree.</summary>
public static class Names
{
    public const string Namespace = "evently";

    /// <summary>Connection strings, one key per server resource (<c>events-db</c>, <c>cache</c>, ...); each overlay generates it.</summary>
    public const string ConnectionsSecret = "evently-connections";

    /// <summary>The AppHost's parameters (<c>jwt-key</c>, <c>admin-password</c>, ...), one key each; the base generates it.</summary>
    public const string ParametersSecret = "evently-parameters";

    /// <summary>The in-cluster servers' own credentials (local overlay only).</summary>
    public const string ServerCredentialsSecret = "evently-servers";

    /// <summary>Every service listens here in its container (the .NET images' default, <c>HTTP_PORTS</c>).</summary>
    public const int HttpPort = 8080;

    public const string Dashboard = "aspire-dashboard";

    public const int DashboardOtlpPort = 18889;

    public const string NameLabel = "app.kubernetes.io/name";

    public const string ComponentLabel = "app.kubernetes.io/component";

    public const string PartOfLabel = "app.kubernetes.io/part-of";

    public const string PartOf = "evently";

    /// <summary>The image a project is built into by <c>./evently publish images</c>.</summary>
    public static string Image(string project) => $"evently/{project}";

    public static Dictionary<string, string> Labels(string name, string component) => new()
    {
        [NameLabel] = name,
        [ComponentLabel] = component,
        [PartOfLabel] = PartOf,
    };

    public static Dictionary<string, string> Selector(string name) => new() { [NameLabel] = name };
}
