using System.Globalization;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.WebhooksService.Deliveries;
using Npgsql;

namespace Evently.WebhooksService.Endpoints;

/// <summary>
/// <c>/api/v1/admin/webhooks</c>, admins only: register, list, get, disable/enable (<c>POST …/{id}/disable</c>,
/// <c>POST …/{id}/enable</c>), delete, the deliveries of an endpoint and a manual redelivery. An id that is not a UUID
/// answers 404 like an unknown one.
/// </summary>
public static class WebhookAdminEndpoints
{
    private const int DefaultDeliveries = 50;
    private const int MaxDeliveries = 200;
    private const string NotFound = "Webhook endpoint not found.";

    public static IEndpointRouteBuilder MapWebhookAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/webhooks").RequireAuthorization(EventlyAuth.AdminPolicy);
        group.MapPost("", (RegisterEndpoint.Request request, RegisterEndpoint register, CancellationToken ct) => register.ExecuteAsync(request, ct));
        group.MapGet("", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/{id}/disable", (string id, NpgsqlDataSource db, CancellationToken ct) => SetEnabledAsync(id, false, db, ct));
        group.MapPost("/{id}/enable", (string id, NpgsqlDataSource db, CancellationToken ct) => SetEnabledAsync(id, true, db, ct));
        group.MapDelete("/{id}", DeleteAsync);
        group.MapGet("/{id}/deliveries", ListDeliveriesAsync);
        group.MapPost("/{id}/deliveries/{deliveryId}/redeliver", RedeliverAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var endpoints = await EndpointStore.ListAsync(connection, ct);
        return Results.Ok(new { Webhooks = endpoints.Select(e => e.View()) });
    }

    private static async Task<IResult> GetAsync(string id, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var endpointId))
        {
            return EventlyResults.NotFound(NotFound);
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await EndpointStore.GetAsync(connection, endpointId, ct) is { } endpoint
            ? Results.Ok(endpoint.View())
            : EventlyResults.NotFound(NotFound);
    }

    private static async Task<IResult> SetEnabledAsync(string id, bool enabled, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var endpointId))
        {
            return EventlyResults.NotFound(NotFound);
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await EndpointStore.SetEnabledAsync(connection, endpointId, enabled, ct) is { } endpoint
            ? Results.Ok(endpoint.View())
            : EventlyResults.NotFound(NotFound);
    }

    private static async Task<IResult> DeleteAsync(string id, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var endpointId))
        {
            return EventlyResults.NotFound(NotFound);
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await EndpointStore.DeleteAsync(connection, endpointId, ct) ? Results.NoContent() : EventlyResults.NotFound(NotFound);
    }

    private static async Task<IResult> ListDeliveriesAsync(string id, string? limit, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var endpointId))
        {
            return EventlyResults.NotFound(NotFound);
        }

        var count = DefaultDeliveries;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxDeliveries))
        {
            return EventlyResults.Validation(new Dictionary<string, string[]>
            {
                ["limit"] = [$"limit must be a whole number from 1 to {MaxDeliveries}."],
            });
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (await EndpointStore.GetAsync(connection, endpointId, ct) is null)
        {
            return EventlyResults.NotFound(NotFound);
        }

        return Results.Ok(new { Deliveries = await DeliveryQueries.ListAsync(connection, endpointId, count, ct) });
    }

    private static async Task<IResult> RedeliverAsync(string id, string deliveryId, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var endpointId))
        {
            return EventlyResults.NotFound(NotFound);
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var endpoint = await EndpointStore.GetAsync(connection, endpointId, ct);
        if (endpoint is null)
        {
            return EventlyResults.NotFound(NotFound);
        }

        if (!Guid.TryParse(deliveryId, out var delivery))
        {
            return EventlyResults.NotFound("Delivery not found.");
        }

        if (!endpoint.Enabled)
        {
            // Nothing is queued: a disabled endpoint receives nothing, and a redelivery waiting for it would surprise later.
            return await DeliveryQueries.GetAsync(connection, endpointId, delivery, ct) is null
                ? EventlyResults.NotFound("Delivery not found.")
                : EventlyResults.Conflict("The endpoint is disabled; enable it before redelivering.");
        }

        if (!await DeliveryQueries.RedeliverAsync(connection, endpointId, delivery, ct))
        {
            return EventlyResults.NotFound("Delivery not found.");
        }

        return Results.Accepted($"/api/v1/admin/webhooks/{endpointId}/deliveries", await DeliveryQueries.GetAsync(connection, endpointId, delivery, ct));
    }
}
