using Dapper;
using Npgsql;

namespace Evently.WebhooksService.Endpoints;

/// <summary>The SQL of the endpoint routes.</summary>
public static class EndpointStore
{
    public static Task<WebhookEndpoint> InsertAsync(NpgsqlConnection connection, string url, string[] eventTypes, string secret, CancellationToken ct) =>
        connection.QuerySingleAsync<WebhookEndpoint>(new CommandDefinition(
            $"""
            INSERT INTO webhook_endpoints (id, url, event_types, secret) VALUES (@id, @url, @eventTypes, @secret)
            RETURNING {WebhookEndpoint.Columns}
            """, new { id = Guid.CreateVersion7(), url, eventTypes, secret }, cancellationToken: ct));

    public static async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(NpgsqlConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<WebhookEndpoint>(new CommandDefinition(
            $"SELECT {WebhookEndpoint.Columns} FROM webhook_endpoints ORDER BY created_at, id", cancellationToken: ct))).ToList();

    public static Task<WebhookEndpoint?> GetAsync(NpgsqlConnection connection, Guid id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<WebhookEndpoint>(new CommandDefinition(
            $"SELECT {WebhookEndpoint.Columns} FROM webhook_endpoints WHERE id = @id", new { id }, cancellationToken: ct));

    /// <summary>
    /// Enabling clears the failure streak (the admin says the receiver is fixed), so a re-enabled endpoint is not
    /// auto-disabled again by its first failed attempt.
    /// </summary>
    public static Task<WebhookEndpoint?> SetEnabledAsync(NpgsqlConnection connection, Guid id, bool enabled, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<WebhookEndpoint>(new CommandDefinition(
            $"""
            UPDATE webhook_endpoints
            SET enabled = @enabled,
                disabled_reason = CASE WHEN @enabled THEN NULL WHEN enabled THEN 'manual' ELSE disabled_reason END,
                disabled_at = CASE WHEN @enabled THEN NULL WHEN enabled THEN now() ELSE disabled_at END,
                consecutive_failures = CASE WHEN @enabled AND NOT enabled THEN 0 ELSE consecutive_failures END,
                failing_since = CASE WHEN @enabled AND NOT enabled THEN NULL ELSE failing_since END,
                updated_at = now()
            WHERE id = @id
            RETURNING {WebhookEndpoint.Columns}
            """, new { id, enabled }, cancellationToken: ct));

    /// <returns>False when there was no such endpoint. Its deliveries and attempts go with it.</returns>
    public static async Task<bool> DeleteAsync(NpgsqlConnection connection, Guid id, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM webhook_endpoints WHERE id = @id", new { id }, cancellationToken: ct)) == 1;
}
