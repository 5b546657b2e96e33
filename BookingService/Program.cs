using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.Data;
using Evently.ServiceDefaults.Messaging;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventlyAuthentication();
var shardCount = builder.Configuration.GetValue("Booking:Shards", 4);
var shardNames = Enumerable.Range(0, shardCount).Select(i => $"booking-db-{i}").ToArray();
foreach (var name in shardNames)
{
    builder.AddKeyedNpgsqlDataSource(name);
}

IEnumerable<NpgsqlDataSource> Shards(IServiceProvider sp) => shardNames.Select(sp.GetRequiredKeyedService<NpgsqlDataSource>);
builder.Services.AddMigrations<Program>(Shards);
builder.AddEventlyMessaging("messaging");
builder.Services.AddOutboxRelay(Shards);

var app = builder.Build();
app.UseEventlyProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.Run();

public partial class Program;
