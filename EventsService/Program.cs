using Evently.EventsService.Caching;
using Evently.EventsService.Events;
using Evently.EventsService.Performance;
using Evently.EventsService.Seats;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.Data;
using Evently.ServiceDefaults.Messaging;
using Evently.ServiceDefaults.Redis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventlyAuthentication();
builder.AddNpgsqlDataSource("events-db");
builder.Services.AddMigrations<Program>();
builder.AddRedisClient("cache");
builder.AddEventsCache();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SeatCounts>();
builder.AddEventlyMessaging("messaging", bus =>
{
    bus.AddBatchConsumer<BookingConfirmedConsumer>();
    bus.AddBatchConsumer<SeatReleasedConsumer>();
    bus.AddConsumer<WaitlistPromotedConsumer>();
});
builder.Services.AddOutboxRelay();

var app = builder.Build();
app.UseEventlyProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapEventsEndpoints();
app.MapQueryPerformance();
app.MapCacheStats();
app.Run();

public partial class Program;
