using Evently.BookingService.Bookings;
using Evently.BookingService.Consistency;
using Evently.BookingService.Holds;
using Evently.BookingService.Inventory;
using Evently.BookingService.LiveSeats;
using Evently.BookingService.Sharding;
using Evently.BookingService.Shedding;
using Evently.BookingService.Strategies;
using Evently.BookingService.Telemetry;
using Evently.BookingService.Tickets;
using Evently.BookingService.WaitingRoom;
using Evently.BookingService.Waitlist;
using Evently.Data;
using Evently.LiveMetrics;
using Evently.Messaging;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;
using Microsoft.Extensions.Http.Resilience;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);
// An on-sale opens thousands of connections at once: a deeper accept queue keeps their connects from timing out
// while the process is busy (the kernel caps it at net.core.somaxconn).
builder.WebHost.UseSockets(o => o.Backlog = builder.Configuration.GetValue("Booking:ListenBacklog", 4096));
builder.AddServiceDefaults();
builder.AddLiveMetrics();
builder.AddEventlyAuthentication();
builder.AddEventlyOpenApi("Evently booking service");
var shardCount = builder.Configuration.GetValue("Booking:Shards", 4);
var shardNames = Enumerable.Range(0, shardCount).Select(ShardMap.ResourceName).ToArray();
// Each shard server allows 100 connections (relay, listener and health checks included): keep the pool well below.
var maxPoolSize = builder.Configuration.GetValue("Booking:MaxPoolSize", 40);
foreach (var name in shardNames)
{
    if (builder.Configuration.GetConnectionString(name) is { } connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            csb.MaxPoolSize = maxPoolSize;
        }

        builder.Configuration[$"ConnectionStrings:{name}"] = csb.ConnectionString;
    }

    builder.AddKeyedEventlyNpgsqlDataSource(name);
}

IEnumerable<NpgsqlDataSource> Shards(IServiceProvider sp) => shardNames.Select(sp.GetRequiredKeyedService<NpgsqlDataSource>);
builder.Services.AddMigrations<Program>(Shards);
builder.AddEventlyMessaging("messaging", bus =>
{
    bus.AddConsumer<EventChangedConsumer>();
    bus.AddWaitlistConsumers();
});
builder.AddWaitlistPromotion();
builder.AddCheckoutHolds();
builder.AddWaitingRoom();
builder.Services.AddOutboxRelay(Shards);

builder.Services.AddSingleton(sp => new ShardMap(
    [.. shardNames.Select((name, i) => new Shard(i, name, sp.GetRequiredKeyedService<NpgsqlDataSource>(name)))]));
builder.Services.AddHealthChecks().AddCheck<ShardMapHealthCheck>("booking-shard-map");

var options = builder.Configuration.GetSection(BookingOptions.SectionName);
builder.Services.Configure<BookingOptions>(options);
var strategy = options.GetValue<string>(nameof(BookingOptions.Strategy)) ?? StrategyNames.Atomic;
if (builder.Configuration.GetConnectionString("cache") is not null)
{
    builder.AddEventlyRedisClient("cache");
}
else if (strategy == StrategyNames.RedisLock)
{
    throw new InvalidOperationException("Booking:Strategy=redis-lock needs ConnectionStrings:cache (Redis).");
}

builder.AddLiveSeats();
builder.Services.AddSingleton<BookingMetrics>();
builder.AddLoadShedding();
builder.Services.AddSingleton<DatabaseWorkers>();
builder.Services.AddSingleton<AtomicStrategy>();
builder.Services.AddSingleton<IBookingStrategy>(sp => strategy switch
{
    StrategyNames.Atomic => ActivatorUtilities.CreateInstance<GroupCommitStrategy>(sp),
    StrategyNames.RowLock => ActivatorUtilities.CreateInstance<RowLockStrategy>(sp),
    StrategyNames.Optimistic => ActivatorUtilities.CreateInstance<OptimisticStrategy>(sp),
    StrategyNames.RedisLock => ActivatorUtilities.CreateInstance<RedisLockStrategy>(sp),
    _ => throw new InvalidOperationException($"Unknown Booking:Strategy '{strategy}' (use {string.Join(", ", StrategyNames.All)})."),
});
builder.Services.AddSingleton<BookingQueries>();
builder.Services.AddSingleton<CreateBooking>();
builder.Services.AddSingleton<CancelBooking>();
builder.Services.AddSingleton<TicketStore>();
builder.Services.AddSingleton<InventoryProvisioner>();
builder.Services.AddHttpClient<EventsClient>(c => c.BaseAddress = new Uri("http://events"));
// A booking waits on this call only for an event the shard has never seen: fail fast into a clear 503.
builder.Services.Configure<HttpStandardResilienceOptions>($"{nameof(EventsClient)}-standard", o =>
{
    o.Retry.MaxRetryAttempts = 2;
    o.Retry.Delay = TimeSpan.FromMilliseconds(100);
    o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
    o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(5);
});

var app = builder.Build();
app.UseEventlyProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapEventlyOpenApi();
app.MapLiveMetrics();
app.MapBookingEndpoints();
app.MapHoldEndpoints();
app.MapWaitingRoomEndpoints();
app.MapTicketEndpoints();
app.MapConsistencyEndpoints();
app.MapQueryPerformanceEndpoints();
app.MapWaitlistInventoryEndpoints();

var map = app.Services.GetRequiredService<ShardMap>();
app.Logger.LogInformation("Booking strategy {Strategy}; shard map ({Count} shards, xxhash32(event_id) mod {Count}): {Map}",
    strategy, map.Count, map.Count, string.Join(", ", map.Shards.Select(s => $"{s.Index}={s.Name}@{s.Endpoint}")));
app.Run();

public partial class Program;
