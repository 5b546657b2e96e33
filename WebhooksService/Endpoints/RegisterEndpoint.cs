using Evently.ServiceDefaults;
using Evently.WebhooksService.Ingest;
using Evently.WebhooksService.Security;
using Npgsql;

namespace Evently.WebhooksService.Endpoints;

/// <summary>
/// <c>POST /api/v1/admin/webhooks</c>: validates the URL (SSRF rules included) and the event types, then stores the
/// endpoint with a new signing secret, which this answer shows for the first and last time.
/// </summary>
public sealed class RegisterEndpoint(NpgsqlDataSource dataSource, UrlPolicy urls)
{
    public sealed record Request(string? Url, string?[]? Events);

    public async Task<IResult> ExecuteAsync(Request request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Url))
        {
            errors["url"] = ["url is required."];
        }
        else if (await urls.RefusalAsync(request.Url.Trim(), ct) is { } refusal)
        {
            errors["url"] = [refusal];
        }

        if (request.Events is null || request.Events.Length == 0)
        {
            errors["events"] = ["events must list at least one event type: " + string.Join(", ", WebhookEventTypes.All) + "."];
        }
        else if (request.Events.Where(e => e is null || !WebhookEventTypes.All.Contains(e)).ToList() is { Count: > 0 } unknown)
        {
            errors["events"] = [$"Unknown event type(s): {string.Join(", ", unknown.Select(e => e ?? "null"))}. Known: {string.Join(", ", WebhookEventTypes.All)}."];
        }

        if (errors.Count > 0)
        {
            return EventlyResults.Validation(errors);
        }

        var url = request.Url!.Trim();
        var eventTypes = request.Events!.OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var endpoint = await EndpointStore.InsertAsync(connection, url, eventTypes, SigningSecret.Create(), ct);
        var view = endpoint.View();
        return Results.Created($"/api/v1/admin/webhooks/{endpoint.Id}",
            new CreatedEndpointView(endpoint.Id, endpoint.Url, endpoint.EventTypes, endpoint.Enabled, endpoint.Secret, view.CreatedAt));
    }
}
