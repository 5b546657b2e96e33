namespace Evently.WebhooksService.Endpoints;

/// <summary>A registered endpoint as stored (the secret never leaves through a view).</summary>
/// <remarks>A class with properties, not a positional record: Dapper hands a text[] column over as Array, which no constructor matches.</remarks>
public sealed class WebhookEndpoint
{
    public Guid Id { get; init; }
    public string Url { get; init; } = "";
    public string[] EventTypes { get; init; } = [];
    public string Secret { get; init; } = "";
    public bool Enabled { get; init; }
    public string? DisabledReason { get; init; }
    public DateTime? DisabledAt { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTime? FailingSince { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public const string Columns =
        """
        id AS Id, url AS Url, event_types AS EventTypes, secret AS Secret, enabled AS Enabled, disabled_reason AS DisabledReason,
        disabled_at AS DisabledAt, consecutive_failures AS ConsecutiveFailures, failing_since AS FailingSince,
        created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public EndpointView View() => new(Id, Url, EventTypes, Enabled, DisabledReason, Utc(DisabledAt), ConsecutiveFailures,
        Utc(FailingSince), Utc(CreatedAt)!.Value, Utc(UpdatedAt)!.Value);

    private static DateTimeOffset? Utc(DateTime? t) => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}

/// <summary>An endpoint as the admin API shows it: everything but the secret.</summary>
public sealed record EndpointView(
    Guid Id, string Url, string[] Events, bool Enabled, string? DisabledReason, DateTimeOffset? DisabledAt,
    int ConsecutiveFailures, DateTimeOffset? FailingSince, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The answer to a registration, the only one that carries the signing secret.</summary>
public sealed record CreatedEndpointView(
    Guid Id, string Url, string[] Events, bool Enabled, string Secret, DateTimeOffset CreatedAt);

/// <summary><c>GET /api/v1/admin/webhooks</c>.</summary>
public sealed record WebhookList(IReadOnlyList<EndpointView> Webhooks);
