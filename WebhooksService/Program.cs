using Evently.Data;
using Evently.LiveMetrics;
using Evently.Messaging;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;
using Evently.WebhooksService;
using Evently.WebhooksService.Deliveries;
using Evently.WebhooksService.Endpoints;
using Evently.WebhooksService.Ingest;
using Evently.WebhooksService.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLiveMetrics();
builder.AddEventlyAuthentication();
builder.AddEventlyOpenApi("Evently webhooks service");
builder.AddEventlyNpgsqlDataSource("webhooks-db");
builder.Services.AddMigrations<Program>();
builder.AddEventlyMessaging("messaging", bus =>
{
    bus.AddBatchConsumer<BookingsConfirmedConsumer>();
    bus.AddBatchConsumer<BookingConfirmedConsumer>();
    bus.AddBatchConsumer<SeatReleasedConsumer>();
    bus.AddBatchConsumer<HoldExpiredConsumer>();
    bus.AddBatchConsumer<WaitlistPromotedConsumer>();
    bus.AddBatchConsumer<EventChangedConsumer>();
    bus.AddBatchConsumer<TicketCheckedInConsumer>();
});

builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.SectionName))
    .Validate(o => o.Retry.MaxAttempts >= 1 && o.Retry.BaseDelay >= TimeSpan.Zero && o.Retry.MaxDelay >= o.Retry.BaseDelay,
        "Webhooks:Retry needs MaxAttempts >= 1 and 0 <= BaseDelay <= MaxDelay.")
    .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.MaxConcurrency >= 1 && o.MaxConcurrencyPerEndpoint >= 1,
        "Webhooks: RequestTimeout, MaxConcurrency and MaxConcurrencyPerEndpoint must be positive.")
    .Validate(o => AddressPolicy.ParseNetworks(o.AllowedPrivateNetworks) is not null, "Webhooks:AllowedPrivateNetworks is not a CIDR list.")
    .ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<AddressPolicy>();
builder.Services.AddSingleton<UrlPolicy>();
builder.Services.AddSingleton<GuardedHttpClient>();
builder.Services.AddSingleton<RegisterEndpoint>();
builder.Services.AddSingleton<RetrySchedule>();
builder.Services.AddSingleton<DeliveryStore>();
builder.Services.AddSingleton<WebhookSender>();
builder.Services.AddHostedService<DeliveryDispatcher>();

var app = builder.Build();
app.UseEventlyProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapEventlyOpenApi();
app.MapLiveMetrics();
app.MapWebhookAdminEndpoints();
app.Run();

public partial class Program;
