using Evently.Data;
using Evently.LiveMetrics;
using Evently.Messaging;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;
using Evently.WaitlistService.Entries;
using Evently.WaitlistService.Inventory;
using Evently.WaitlistService.Performance;
using Evently.WaitlistService.Promotion;
using Microsoft.Extensions.Http.Resilience;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLiveMetrics();
builder.AddEventlyAuthentication();
builder.AddEventlyOpenApi("Evently waitlist service");
builder.AddEventlyNpgsqlDataSource("waitlist-db");
builder.Services.AddMigrations<Program>();
builder.AddEventlyMessaging("messaging", bus =>
{
    bus.AddConsumer<WaitlistEntryBookedConsumer>();
    // Drains the old BookingConfirmed queue without binding it again (LegacyBindings removes its binding).
    bus.AddBatchConsumer<BookingConfirmedConsumer>(endpoint => endpoint.ConfigureConsumeTopology = false);
    bus.AddConsumer<EventChangedConsumer>();
});
builder.Services.AddHostedService<LegacyBindings>();
builder.Services.AddOutboxRelay();

builder.Services.AddSingleton<JoinWaitlist>();
builder.Services.AddSingleton<LeaveWaitlist>();
builder.Services.AddHttpClient<BookingInventoryClient>(c => c.BaseAddress = new Uri("http://booking"));
// A join waits on this answer: fail fast into a clear 503 rather than hold the caller.
builder.Services.Configure<HttpStandardResilienceOptions>($"{nameof(BookingInventoryClient)}-standard", o =>
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
app.MapWaitlistEndpoints();
app.MapQueryPerformance();
app.Run();

public partial class Program;
