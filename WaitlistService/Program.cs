using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.Data;
using Evently.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventlyAuthentication();
builder.AddNpgsqlDataSource("waitlist-db");
builder.Services.AddMigrations<Program>();
builder.AddEventlyMessaging("messaging");
builder.Services.AddOutboxRelay();

var app = builder.Build();
app.UseEventlyProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.Run();

public partial class Program;
