using System.Globalization;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;
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
        var group = app.MapGroup("/api/v1/admin/webhooks").RequireAuthorization(EventlyAuth.AdminPolicy).WithTags("Webhooks");
        group.MapPost("", (RegisterEndpoint.Request request, RegisterEndpoint register, CancellationToken ct) => register.ExecuteAsync(request, ct))
            .WithName("RegisterWebhook").WithSummary("Register a webhook endpoint")
            .WithDescription("201 with the endpoint and its signing secret (`whsec_…`), shown this once only. The URL must be an " +
                "absolute http(s) URL whose host resolves to public addresses only.")
            .Produces<CreatedEndpointView>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapGet("", ListAsync)
            .WithName("ListWebhooks").WithSummary("List webhook endpoints")
            .Produces<WebhookList>();
        group.MapGet("/{id}", GetAsync)
            .WithName("GetWebhook").WithSummary("Get a webhook endpoint")
            .Produces<EndpointView>()
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/disable", (string id, NpgsqlDataSource db, CancellationToken ct) => SetEnabledAsync(id, false, db, ct))
            .WithName("DisableWebhook").WithSummary("Stop sending to an endpoint")
            .Produces<EndpointView>()
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/enable", (string id, NpgsqlDataSource db, CancellationToken ct) => SetEnabledAsync(id, true, db, ct))
            .WithName("EnableWebhook").WithSummary("Resume sending to an endpoint")
            .WithDescription("Also clears its failure streak.")
            .Produces<EndpointView>()
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteWebhook").WithSummary("Delete a webhook endpoint")
            .WithDescription("Its deliveries go with it.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/deliveries", ListDeliveriesAsync)
            .WithName("ListWebhookDeliveries").WithSummary("An endpoint's deliveries, newest first")
            .WithDescription("Each with every attempt made: status code, latency, error and next retry.")
            .Produces<DeliveryList>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapPost("/{id}/deliveries/{deliveryId}/redeliver", RedeliverAsync)
            .WithName("RedeliverWebhook").WithSummary("Send a delivery again")
            .WithDescription("202: queued again with the same webhook-id and body; 409 while the endpoint is disabled.")
            .Produces<DeliveryView>(StatusCodes.Status202Accepted)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> ListAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var endpoints = await EndpointStore.ListAsync(connection, ct);
        return Results.Ok(new WebhookList([.. endpoints.Select(e => e.View())]));
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

        return Results.Ok(new DeliveryList(await DeliveryQueries.ListAsync(connection, endpointId, count, ct)));
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
