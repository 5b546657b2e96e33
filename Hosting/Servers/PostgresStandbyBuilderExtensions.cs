using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Evently.Hosting.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Evently.Hosting.Servers;

public static class PostgresStandbyBuilderExtensions
{
    /// <summary>
    /// A hot standby of <paramref name="primary"/>: cloned from it with <c>pg_basebackup -R</c> before its first start
    /// (again when its data no longer belongs to that primary), then streaming from it through a physical replication
    /// slot, so a standby that was stopped or killed resumes where it was. It serves read-only queries;
    /// <c>WaitFor</c> waits until it answers one in recovery. It waits for the primary (the clone needs it).
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgresStandby(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<PostgresServerResource> primary, StateFolder state)
    {
        var server = new PostgresServerResource(name, state.DataDirectory(name), primary.Resource);
        var binaries = ServerBinaries.From(builder.Configuration);
        var clone = new PostgresStandbyClone(server, binaries);
        return builder.AddServer(server, (connectionString, health) => health.Add(new HealthCheckRegistration(server.HealthCheckKey(),
                    _ => new PostgresStandbyHealthCheck(connectionString), failureStatus: null, tags: null)),
                () =>
                {
                    ServerBinaries.RequireFile(Path.Combine(binaries.PostgresBin, "postgres"), "PostgreSQL server binary", "postgresql-15");
                    ServerBinaries.RequireFile(Path.Combine(binaries.PostgresBin, "pg_basebackup"), "PostgreSQL pg_basebackup", "postgresql-15");
                })
            .WithArgs(context => PostgresCommandLine.Add(context, server, binaries, StandbySettings(server, clone.SlotName)))
            .WithEnvironment("LC_ALL", "C.UTF-8")
            .WaitFor(primary)
            .OnBeforeResourceStarted((resource, e, ct) =>
                clone.PrepareAsync(e.Services.GetRequiredService<ResourceNotificationService>(),
                    e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource), ct))
            .OnResourceReady((resource, e, _) => e.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(resource, s => s with
            {
                Properties = s.Properties.With("evently.standby-of", primary.Resource.Name).With("evently.replication-slot", clone.SlotName),
            }));
    }

    /// <summary>
    /// Given on every start rather than left in postgresql.auto.conf by <c>pg_basebackup -R</c>: the primary's port is
    /// picked anew by each AppHost run.
    /// </summary>
    private static string[] StandbySettings(PostgresServerResource standby, string slot) =>
    [
        $"primary_conninfo=host=127.0.0.1 port={PrimaryPort(standby)} user={PostgresServerResource.User} application_name={standby.Name}",
        $"primary_slot_name={slot}",
        // Reads on the standby are not cancelled when the primary's vacuum removes rows they still see (a recovery
        // conflict would otherwise cancel them, or delay replay up to max_standby_streaming_delay, i.e. add lag).
        "hot_standby_feedback=on",
        // Streaming resumes within a second of the primary coming back, and the primary's view of it stays fresh.
        "wal_retrieve_retry_interval=1s",
        "wal_receiver_status_interval=1s",
    ];

    internal static int PrimaryPort(PostgresServerResource standby) =>
        standby.Primary!.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == ServerResource.EndpointName).TargetPort
        ?? throw new InvalidOperationException($"{standby.Primary.Name} has no port.");
}
