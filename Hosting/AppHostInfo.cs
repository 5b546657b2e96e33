namespace Evently.Hosting;

/// <summary>What a person or a test needs to use a running system.</summary>
public sealed record AppHostInfo
{
    public required string StateDirectory { get; init; }

    /// <summary>The public door (the project marked <c>WithExternalHttpEndpoints</c>), e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public string? GatewayUrl { get; init; }

    /// <summary>AppHost's web host: dashboard, control API (<c>/api/...</c>) and OTLP receiver.</summary>
    public string? DashboardUrl { get; init; }

    /// <summary>Dashboard URL that logs in with the token (<c>?t=...</c>).</summary>
    public string? DashboardLoginUrl { get; init; }

    public required string DashboardToken { get; init; }

    /// <summary>False with <c>--dashboard-unsecured</c>.</summary>
    public required bool DashboardSecured { get; init; }

    /// <summary>Key the services send as <c>x-otlp-api-key</c> with their telemetry.</summary>
    public required string OtlpApiKey { get; init; }

    public required string AdminEmail { get; init; }

    public required string AdminPassword { get; init; }

    public int AppHostPid { get; init; } = Environment.ProcessId;
}
