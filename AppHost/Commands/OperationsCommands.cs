using System.Net.Http.Json;
using Evently.Hosting.Servers;

namespace Evently.AppHost.Commands;

/// <summary>Operations on resources, as commands in the dashboard (and for <c>aspire</c> and tests alike).</summary>
internal static class OperationsCommands
{
    /// <summary>booking → "Check consistency": the seed's consistency report over every shard.</summary>
    public static IResourceBuilder<ProjectResource> WithConsistencyCheckCommand(this IResourceBuilder<ProjectResource> booking,
        IResourceBuilder<ProjectResource> gateway, IResourceBuilder<ParameterResource> email, IResourceBuilder<ParameterResource> password) =>
        booking.WithCommand("check-consistency", "Check consistency", async context =>
        {
            using var http = await GatewayAdmin.LoginAsync(gateway, email, password, context.CancellationToken).ConfigureAwait(false);
            using var response = await http.GetAsync("/api/v1/admin/consistency", context.CancellationToken).ConfigureAwait(false);
            return await GatewayAdmin.ResultAsync(response, "Consistency report of every booking shard", context.CancellationToken).ConfigureAwait(false);
        }, new CommandOptions
        {
            Description = "Checks total_capacity - available_seats = confirmed seats and available_seats >= 0 for every event on every shard.",
            IconName = "CheckmarkCircle",
            UpdateState = HealthyOnly,
        });

    /// <summary>analytics → "Start load test": a small bounded load test of the events listing through the gateway.</summary>
    public static IResourceBuilder<ProjectResource> WithLoadTestCommand(this IResourceBuilder<ProjectResource> analytics,
        IResourceBuilder<ProjectResource> gateway, IResourceBuilder<ParameterResource> email, IResourceBuilder<ParameterResource> password) =>
        analytics.WithCommand("start-load-test", "Start load test", async context =>
        {
            using var http = await GatewayAdmin.LoginAsync(gateway, email, password, context.CancellationToken).ConfigureAwait(false);
            using var response = await http.PostAsJsonAsync("/api/v1/load-test/start",
                new { concurrentUsers = 20, duration = 10, targetEndpoint = "/api/v1/events" }, context.CancellationToken).ConfigureAwait(false);
            return await GatewayAdmin.ResultAsync(response, "Load test started: 20 users for 10 s on /api/v1/events (GET /api/v1/load-test/{test_id} for its results)",
                context.CancellationToken).ConfigureAwait(false);
        }, new CommandOptions
        {
            Description = "20 concurrent users for 10 seconds against GET /api/v1/events through the gateway (rate limits apply).",
            IconName = "TopSpeed",
            UpdateState = HealthyOnly,
        });

    /// <summary>Each PostgreSQL → "psql command line": how to reach it by hand, and its connection string.</summary>
    public static IResourceBuilder<PostgresServerResource> WithPsqlCommand(this IResourceBuilder<PostgresServerResource> server) =>
        server.WithCommand("psql", "psql command line", async context =>
        {
            var connectionString = await server.Resource.ConnectionStringExpression.GetValueAsync(context.CancellationToken).ConfigureAwait(false);
            var port = server.Resource.Endpoint.Port;
            var text = $"""
                psql -h 127.0.0.1 -p {port} -U postgres postgres
                # connection string: {connectionString}
                # data: {server.Resource.ClusterDirectory}
                """;
            return CommandResults.Success($"psql for {server.Resource.Name}", text, CommandResultFormat.Text);
        }, new CommandOptions { IconName = "WindowConsole", UpdateState = HealthyOnly });

    private static ResourceCommandState HealthyOnly(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
            ? ResourceCommandState.Enabled
            : ResourceCommandState.Disabled;
}
