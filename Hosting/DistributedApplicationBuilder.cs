using Evently.Hosting.Orchestration;
using Evently.Hosting.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evently.Hosting;

/// <summary>
/// Declares the resource graph (Aspire's <c>IDistributedApplicationBuilder</c>). <see cref="Host"/> is AppHost's
/// own web host on the dashboard port: the control API is mapped there, and the dashboard adds its UI and
/// OTLP receiver through <see cref="Services"/> and <see cref="DistributedApplication.Web"/>.
/// </summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];
    private readonly Dictionary<int, string> _bookingShards = [];

    internal DistributedApplicationBuilder(AppHostOptions options, StateFolder state, Secrets secrets)
    {
        Options = options;
        State = state;
        Secrets = secrets;
        Host = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        Host.WebHost.UseUrls($"http://127.0.0.1:{options.DashboardPort}");
        // AppHost's console is the resource table; framework chatter goes below warnings.
        Host.Logging.ClearProviders();
        Host.Logging.AddSimpleConsole(o => o.SingleLine = true);
        Host.Logging.AddFilter("Microsoft", LogLevel.Warning);
        Host.Logging.AddFilter("System", LogLevel.Warning);
    }

    public AppHostOptions Options { get; }

    /// <summary>Generated once per state folder: JWT signing key, admin login, dashboard token.</summary>
    public Secrets Secrets { get; }

    public StateFolder State { get; }

    /// <summary>AppHost's web host (dashboard port): control API, dashboard UI, OTLP receiver.</summary>
    public WebApplicationBuilder Host { get; }

    public IServiceCollection Services => Host.Services;

    public ConfigurationManager Configuration => Host.Configuration;

    public IReadOnlyList<Resource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => r.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' is already declared.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    /// <summary>Publishes the booking shard map (index → server) to the dashboard, the control API and the manifest.</summary>
    public DistributedApplicationBuilder WithBookingShards(IEnumerable<IResourceBuilder<PostgresServerResource>> shards)
    {
        _bookingShards.Clear();
        foreach (var (shard, index) in shards.Select((s, i) => (s, i)))
        {
            _bookingShards[index] = shard.Resource.Name;
        }

        return this;
    }

    public DistributedApplication Build()
    {
        foreach (var project in Options.ProjectEnvironment.Keys.Where(p => !_resources.Any(r => r.Name == p && r is ProjectResource)))
        {
            throw new ArgumentException($"--env names '{project}', which is not a project of this AppHost.");
        }

        var host = new HostContext(State, Secrets, Options);
        var info = new AppHostInfo
        {
            StateDirectory = State.Root,
            DashboardToken = Secrets.DashboardToken,
            DashboardSecured = !Options.DashboardUnsecured,
            OtlpApiKey = Secrets.OtlpApiKey,
            AdminEmail = Secrets.AdminEmail,
            AdminPassword = Secrets.AdminPassword,
        };
        var service = new ResourceService(info, new Dictionary<int, string>(_bookingShards));
        Services.AddSingleton<IResourceService>(service);
        Services.AddSingleton(new DashboardAuth(Secrets.DashboardToken, Options.DashboardUnsecured));
        Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));

        var web = Host.Build();
        var reporter = new ConsoleReporter(Console.Out);
        var orchestrator = new Orchestrator(_resources, host, new PidFiles(State), service.Publish, reporter.Event,
            web.Lifetime.ApplicationStopping);
        service.Attach(orchestrator);
        web.MapControlApi();
        return new DistributedApplication(web, orchestrator, host, service, reporter);
    }
}
