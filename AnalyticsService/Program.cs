using Evently.AnalyticsService.Ingest;
using Evently.AnalyticsService.LoadTests;
using Evently.AnalyticsService.Metrics;
using Evently.AnalyticsService.Reports;
using Evently.AnalyticsService.Services;
using Evently.Data;
using Evently.LiveMetrics;
using Evently.Messaging;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLiveMetrics();
builder.AddEventlyAuthentication();
builder.AddEventlyOpenApi("Evently analytics service");
builder.AddEventlyNpgsqlDataSource("analytics-db");
builder.Services.AddMigrations<Program>();
builder.AddEventlyMessaging("messaging", bus =>
{
    bus.AddBatchConsumer<BookingsConfirmedConsumer>();
    bus.AddBatchConsumer<BookingConfirmedConsumer>();
    bus.AddBatchConsumer<SeatReleasedConsumer>();
    bus.AddBatchConsumer<EventChangedConsumer>();
    bus.AddBatchConsumer<WaitlistJoinedConsumer>();
    bus.AddBatchConsumer<WaitlistLeftConsumer>();
    bus.AddBatchConsumer<WaitlistPromotedConsumer>();
    bus.AddBatchConsumer<TicketCheckedInConsumer>();
});

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ServiceDirectory>();
// Fan-out reads of other services: fail fast and report, never retry into a slow answer.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental
builder.Services.AddHttpClient(HttpClientNames.Internal, c => c.Timeout = TimeSpan.FromSeconds(10)).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
builder.Services.AddSingleton<AnalyticsQueries>();
builder.Services.AddSingleton<QueryPerformanceClient>();
builder.Services.AddSingleton<MetricsFanOut>();
builder.AddLoadTests();

var app = builder.Build();
app.UseEventlyProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapEventlyOpenApi();
app.MapLiveMetrics();
app.MapAnalyticsEndpoints();
app.MapSystemMetricsEndpoints();
app.MapLoadTestEndpoints();
app.Run();

public partial class Program;
