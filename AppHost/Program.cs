using Evently.Dashboard;
using Evently.Hosting;

// The Evently resource graph, in .NET Aspire's style. The machinery lives in Hosting/.
var builder = DistributedApplication.CreateBuilder(args);
var options = builder.Options;
var secrets = builder.Secrets;

// Servers: one PostgreSQL per owner, N booking shards, Redis, RabbitMQ.
var identityDb = builder.AddPostgres("identity-db");
var eventsDb = builder.AddPostgres("events-db");
var bookingShards = Enumerable.Range(0, options.BookingShards)
    .Select(i => builder.AddPostgres($"booking-db-{i}"))
    .ToList();
var waitlistDb = builder.AddPostgres("waitlist-db");
var analyticsDb = builder.AddPostgres("analytics-db");
var cache = builder.AddRedis("cache");
// The broker yields the CPU to the request path: during an on-sale burst bookings are confirmed first and their
// messages wait in the outboxes, then flow once the burst passes (see bench/results/booking.md).
var messaging = builder.AddRabbitMQ("messaging").WithCpuNice(10);
builder.WithBookingShards(bookingShards);

// Services. They WaitFor their servers only: service-to-service calls happen at request time (with retries),
// so the five .NET processes boot in parallel instead of one after another.
var events = Service<Projects.EventsService>("events")
    .WithReference(eventsDb).WaitFor(eventsDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging);

var booking = Service<Projects.BookingService>("booking")
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(events)
    .WithEnvironment("Booking__Shards", options.BookingShards.ToString(System.Globalization.CultureInfo.InvariantCulture));
foreach (var shard in bookingShards)
{
    booking.WithReference(shard).WaitFor(shard);
}

var waitlist = Service<Projects.WaitlistService>("waitlist")
    .WithReference(waitlistDb).WaitFor(waitlistDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(booking)
    .WithReference(events);

var gateway = Service<Projects.Gateway>("gateway")
    .WithHttpEndpoint(port: options.GatewayPort)
    .WithExternalHttpEndpoints()
    .WithReference(identityDb).WaitFor(identityDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(events)
    .WithReference(booking)
    .WithReference(waitlist)
    .WithEnvironment("EVENTLY_ADMIN_EMAIL", secrets.AdminEmail)
    .WithEnvironment("EVENTLY_ADMIN_PASSWORD", secrets.AdminPassword);

var analytics = Service<Projects.AnalyticsService>("analytics")
    .WithReference(analyticsDb).WaitFor(analyticsDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(events)
    .WithReference(booking)
    .WithReference(waitlist)
    .WithReference(gateway);
gateway.WithReference(analytics);

// Dashboard (UI + OTLP receiver) on AppHost's web host, next to the control API.
builder.Services.AddEventlyDashboard(dashboard =>
{
    dashboard.BrowserToken = secrets.DashboardToken;
    dashboard.Unsecured = options.DashboardUnsecured;
    dashboard.OtlpApiKey = options.DashboardUnsecured ? null : secrets.OtlpApiKey;
});
var app = builder.Build();
app.Web.MapEventlyDashboard();
await app.RunAsync();

// Every service shares the JWT signing key AppHost generated for this state folder.
IResourceBuilder<ProjectResource> Service<TProject>(string name) where TProject : IProjectMetadata, new() =>
    builder.AddProject<TProject>(name)
        .WithEnvironment("Jwt__Key", secrets.JwtKey)
        .WithEnvironment("Jwt__Issuer", "evently")
        .WithEnvironment("Jwt__Audience", "evently-api");
