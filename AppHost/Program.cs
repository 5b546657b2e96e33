using System.Globalization;
using Evently.AppHost;
using Evently.AppHost.Commands;
using Evently.Hosting;
using Evently.Hosting.Projects;
using Evently.Hosting.Publishing;
using Evently.Hosting.Servers;
using Evently.Hosting.Startup;
using Evently.Hosting.State;
using Evently.Hosting.Supervision;
using Microsoft.Extensions.DependencyInjection;

// The Evently resource graph on .NET Aspire. There is no container engine here: the servers are Aspire executable
// resources running Debian's PostgreSQL, Redis and RabbitMQ (Hosting/Servers), restarted when they die (Hosting/Supervision).
AppHostOptions options;
try
{
    options = AppHostOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"{e.Message}\n\n{AppHostOptions.Usage}");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(AppHostOptions.Usage);
    return 0;
}

var builder = DistributedApplication.CreateBuilder([.. options.AspireArgs]);
var state = new StateFolder(options.StateDirectory);
var secrets = Secrets.Placeholder;
if (!builder.ExecutionContext.IsPublishMode)
{
    state.Prepare(options.Fresh);
    secrets = Secrets.LoadOrCreate(state.SecretsPath, builder.Configuration);
    builder.Configuration["AppHost:BrowserToken"] = secrets.DashboardToken;
}

if (options.DashboardPort is { } dashboardPort)
{
    builder.Configuration["ASPNETCORE_URLS"] = $"http://localhost:{dashboardPort}";
}

// Generated once per state folder (secrets.json there), handed to the services as secret parameters.
var jwtKey = builder.AddParameter("jwt-key", secrets.JwtKey, secret: true);
// Published as the default, so a deployment generated from the manifest has a login to seed.
var adminEmail = builder.AddParameter("admin-email", secrets.AdminEmail, publishValueAsDefault: true);
var adminPassword = builder.AddParameter("admin-password", secrets.AdminPassword, secret: true);
var overrides = new EnvironmentOverrides(options.ProjectEnvironment);
builder.Services.AddSingleton(overrides);

// Servers: one PostgreSQL per owner, N booking shards, Redis, RabbitMQ.
var identityDb = builder.AddPostgresServer("identity-db", state);
var eventsDb = builder.AddPostgresServer("events-db", state);
// A streaming standby of events-db for the events service's reads (it falls back to events-db, so it does not WaitFor it).
var eventsDbReplica = builder.AddPostgresStandby("events-db-replica", eventsDb, state);
var bookingShards = Enumerable.Range(0, options.BookingShards)
    .Select(i => builder.AddPostgresServer($"booking-db-{i}", state))
    .ToList();
var waitlistDb = builder.AddPostgresServer("waitlist-db", state);
var analyticsDb = builder.AddPostgresServer("analytics-db", state);
var webhooksDb = builder.AddPostgresServer("webhooks-db", state);
var cache = builder.AddRedisServer("cache", state);
// The broker yields the CPU to the request path: during an on-sale burst bookings are confirmed first and their
// messages wait in the outboxes, then flow once the burst passes (see bench/results/booking.md).
// Bookings travel one message per commit, so the broker's niceness alone no longer holds their consumers' work back
// during a burst: the services that only do background work (analytics, webhooks) run at the same niceness.
const int BrokerNice = 10;
var messaging = builder.AddRabbitMQServer("messaging", state, nice: BrokerNice);

// Services. They WaitFor their servers only: service-to-service calls happen at request time (with retries),
// so the five .NET processes boot in parallel instead of one after another.
var events = Service<Projects.EventsService>("events")
    .WithReference(eventsDb).WaitFor(eventsDb)
    .WithReference(eventsDbReplica)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging);

var booking = Service<Projects.BookingService>("booking")
    .WithHttp2Endpoint(options.Replicas("booking"))
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(events)
    .WithEnvironment("Booking__Shards", options.BookingShards.ToString(CultureInfo.InvariantCulture))
    .WithBookingShardMap(bookingShards);
foreach (var shard in bookingShards)
{
    booking.WithReference(shard).WaitFor(shard);
}

var waitlist = Service<Projects.WaitlistService>("waitlist")
    .WithReference(waitlistDb).WaitFor(waitlistDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(booking);

// Signed webhooks to admins' endpoints, fed from the same messages; its own database holds the delivery queue.
var webhooks = Service<Projects.WebhooksService>("webhooks")
    .WithBackgroundPriority(BrokerNice)
    .WithReference(webhooksDb).WaitFor(webhooksDb)
    // Live metrics report Redis memory from every service that has the cache connection, as the others do.
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging);

var gatewayPort = FreePort.OrFree(options.GatewayPort);
var gateway = builder.AddProject<Projects.Gateway>("gateway", launchProfileName: null)
    .WithBuiltExecutable()
    .WithServiceHttpEndpoint(options.Replicas("gateway"), gatewayPort)
    .WithExternalHttpEndpoints()
    .WithServiceDefaults(jwtKey, overrides)
    .WithReference(identityDb).WaitFor(identityDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(events)
    .WithReference(booking)
    .WithHttp2Forwarding(booking)
    .WithReference(waitlist)
    .WithReference(webhooks)
    .WithEnvironment("EVENTLY_ADMIN_EMAIL", adminEmail)
    .WithEnvironment("EVENTLY_ADMIN_PASSWORD", adminPassword)
    // The API reference page and the merged OpenAPI document, one click from the gateway in the dashboard.
    .WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = "/docs", DisplayText = "API reference (/docs)" })
    .WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = "/openapi/v1.json", DisplayText = "OpenAPI document" });

var analytics = Service<Projects.AnalyticsService>("analytics")
    .WithBackgroundPriority(BrokerNice)
    .WithReference(analyticsDb).WaitFor(analyticsDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(events)
    .WithReference(booking)
    .WithReference(waitlist)
    .WithReference(webhooks)
    .WithReference(gateway);
gateway.WithReference(analytics);

// Operations in the dashboard (Hosting/ has the servers' own).
booking.WithConsistencyCheckCommand(gateway, adminEmail, adminPassword);
analytics.WithLoadTestCommand(gateway, adminEmail, adminPassword);

foreach (var server in builder.Resources.OfType<PostgresServerResource>())
{
    builder.CreateResourceBuilder(server).WithPsqlCommand();
}

if (options.ReplicaProjects.FirstOrDefault(p => builder.Resources.OfType<ProjectResource>().All(r => r.Name != p)) is { } unknown)
{
    await Console.Error.WriteLineAsync($"--replicas names '{unknown}', which is not a service: gateway, events, booking, waitlist, analytics or webhooks.");
    return 2;
}

builder.AddResourceSupervision();
builder.AddReplicasManifest();
builder.AddStartupWatch(new ReadyBanner(builder.Configuration, $"http://127.0.0.1:{gatewayPort}/", secrets.AdminEmail,
    secrets.AdminPasswordGenerated ? secrets.AdminPassword : null));

try
{
    await builder.Build().RunAsync();
}
catch (StartupFailedException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

return Environment.ExitCode;

IResourceBuilder<ProjectResource> Service<TProject>(string name) where TProject : IProjectMetadata, new() =>
    builder.AddProject<TProject>(name, launchProfileName: null)
        .WithBuiltExecutable()
        .WithServiceHttpEndpoint(options.Replicas(name))
        .WithServiceDefaults(jwtKey, overrides);
