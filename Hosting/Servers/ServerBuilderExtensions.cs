using System.Collections.Immutable;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Evently.Hosting.Startup;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.Hosting.Servers;

public static class ServerBuilderExtensions
{
    public static string HealthCheckKey(this IResource resource) => $"{resource.Name}-health";

    /// <summary>
    /// Adds <paramref name="server"/> on a free loopback port (not proxied: a restarted server comes back where its
    /// clients point), with a health check that <c>WaitFor</c> gates on and its data folder and connection target
    /// shown in the dashboard.
    /// </summary>
    internal static IResourceBuilder<T> AddServer<T>(this IDistributedApplicationBuilder builder, T server,
        Action<Func<string>, IHealthChecksBuilder> addHealthCheck, Action preflight) where T : ServerResource
    {
        // Before anything starts: a missing binary fails the whole start at once, named, instead of a resource that never comes.
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            try
            {
                preflight();
            }
            catch (FileNotFoundException missing)
            {
                var failure = new StartupFailedException($"FAILED {server.Name} ({server.Kind}): {missing.Message}");
                e.Services.GetService<StartupReport>()?.Failed(failure.Message);
                throw failure;
            }

            return Task.CompletedTask;
        });
        string? connectionString = null;
        addHealthCheck(() => connectionString ?? throw new InvalidOperationException($"{server.Name} has no connection string yet."), builder.Services.AddHealthChecks());
        var port = FreePort.Pick();
        return builder.AddResource(server)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: ServerResource.EndpointName, isProxied: false)
            .WithHealthCheck(server.HealthCheckKey())
            .WithServerManifest()
            .OnConnectionStringAvailable(async (resource, _, ct) =>
                connectionString = await resource.ConnectionStringExpression.GetValueAsync(ct).ConfigureAwait(false))
            .OnResourceReady((resource, e, _) => e.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(resource, s => s with
            {
                Properties = s.Properties.With("evently.server", resource.Kind).With("evently.data", resource.DataDirectory)
                    .With("evently.target", $"127.0.0.1:{port}"),
            }));
    }

    /// <summary>Sets one property of a snapshot, replacing any older value of the same name.</summary>
    public static ImmutableArray<ResourcePropertySnapshot> With(this ImmutableArray<ResourcePropertySnapshot> properties, string name, object? value) =>
        properties.Where(p => p.Name != name).Append(new ResourcePropertySnapshot(name, value)).ToImmutableArray();
}
