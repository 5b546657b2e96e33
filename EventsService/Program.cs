using Evently.Data;
using Evently.EventsService.Caching;
using Evently.EventsService.Events;
using Evently.EventsService.LiveSeats;
using Evently.EventsService.Performance;
using Evently.EventsService.Replica;
using Evently.EventsService.Seats;
using Evently.LiveMetrics;
using Evently.Messaging;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLiveMetrics();
builder.AddEventlyAuthentication();
builder.AddEventlyOpenApi("Evently events service");
builder.AddEventlyNpgsqlDataSource("events-db");
builder.AddEventsReadReplica();
builder.Services.AddMigrations<Program>();
builder.AddEventlyRedisClient("cache");
builder.AddEventsCache();
builder.AddLiveSeatsOverlay();
builder.Services.AddSingleton(ListingSettings.From(builder.Configuration));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SeatCounts>();
builder.AddEventlyMessaging("messaging", bus =>
{
    bus.AddBatchConsumer<BookingsConfirmedConsumer>();
    bus.AddBatchConsumer<BookingConfirmedConsumer>();
    bus.AddBatchConsumer<SeatReleasedConsumer>();
    bus.AddBatchConsumer<SeatsHeldConsumer>();
    bus.AddConsumer<WaitlistPromotedConsumer>();
});
builder.Services.AddOutboxRelay();

var app = builder.Build();
app.UseEventlyProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapEventlyOpenApi();
app.MapLiveMetrics();
app.MapEventsEndpoints();
app.MapQueryPerformance();
app.MapCacheStats();
app.Run();

public partial class Program;
