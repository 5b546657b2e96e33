using Evently.Data;
using Evently.Gateway;
using Evently.Gateway.Caching;
using Evently.Gateway.Health;
using Evently.Gateway.Identity;
using Evently.Gateway.Observability;
using Evently.Gateway.OpenApi;
using Evently.Gateway.Proxy;
using Evently.Gateway.RateLimiting;
using Evently.Gateway.Shedding;
using Evently.LiveMetrics;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Microsoft.AspNetCore.HttpOverrides;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLiveMetrics();
builder.AddEventlyAuthentication();
builder.AddEventlyNpgsqlDataSource("identity-db");
builder.Services.AddMigrations<Program>();
// Shared rate-limit buckets and cache invalidations between gateways; each degrades to per-process without it.
if (builder.Configuration.GetConnectionString("cache") is not null)
{
    builder.AddEventlyRedisClient("cache");
}

builder.AddEventlyIdentity();
builder.AddEventlyRateLimiting();
builder.AddEventlyProxy();
builder.AddGatewayOpenApi();
builder.AddEventReadsCache();
builder.AddDownstreamHealthChecks();

var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.SectionName));
builder.Services.Configure<SheddingOptions>(builder.Configuration.GetSection(SheddingOptions.SectionName));
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = gateway.MaxRequestBodyBytes);
builder.Services.AddSingleton<GatewayMetrics>();
builder.Services.AddSingleton<ClientRegion>();

var app = builder.Build();
if (gateway.TrustForwardedHeaders)
{
    // Trusts loopback proxies only (ASP.NET Core's default known networks).
    app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
}

app.UseEventlyProblemDetails();
app.UseMiddleware<RequestMetricsMiddleware>();
app.UseMiddleware<RequestBodyLimitMiddleware>();
app.UseMiddleware<BookingWritesGate>();
app.UseAuthentication();
app.UseRateLimiter();
app.UseMiddleware<RejectInvalidCredentialsMiddleware>();
app.UseAuthorization();
app.UseEventReadsCache();
app.MapDefaultEndpoints();
app.MapLiveMetrics();
app.MapAuthEndpoints();
app.MapAdminUserEndpoints();
app.MapGatewayOpenApi();
app.MapEventlyProxy();
app.Run();

public partial class Program;
