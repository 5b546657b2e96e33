using System.Diagnostics;
using Evently.Hosting.Orchestration;
using Evently.Hosting.Processes;
using Evently.Hosting.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.Hosting;

/// <summary>
/// A built resource graph. <see cref="RunAsync"/> starts the web host, then every resource in dependency order,
/// prints the table, writes <c>apphost.json</c>, and on Ctrl+C/SIGTERM stops everything within 15 s.
/// A failing resource ends the run with exit code 1 and says which one and why.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(11);

    private readonly Orchestrator _orchestrator;
    private readonly HostContext _host;
    private readonly ResourceService _service;
    private readonly ConsoleReporter _reporter;

    internal DistributedApplication(WebApplication web, Orchestrator orchestrator, HostContext host, ResourceService service,
        ConsoleReporter reporter)
    {
        Web = web;
        _orchestrator = orchestrator;
        _host = host;
        _service = service;
        _reporter = reporter;
    }

    /// <summary>AppHost's web host, to map the dashboard (<c>app.Web.MapEventlyDashboard()</c>).</summary>
    public WebApplication Web { get; }

    public IServiceProvider Services => Web.Services;

    /// <summary>
    /// Prepares the state folder (stopping what a killed AppHost left behind, emptying it with --fresh) and
    /// returns the builder. Bad options or a folder in use by a live AppHost end the process with a message.
    /// </summary>
    public static DistributedApplicationBuilder CreateBuilder(string[] args)
    {
        AppHostOptions options;
        try
        {
            options = AppHostOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(AppHostOptions.Usage);
            Environment.Exit(2);
            throw;
        }

        if (options.ShowHelp)
        {
            Console.WriteLine(AppHostOptions.Usage);
            Environment.Exit(0);
        }

        try
        {
            var state = new StateFolder(options.StateDirectory);
            Directory.CreateDirectory(state.Root);
            var leftovers = new Leftovers(state, new PidFiles(state), Console.Out);
            leftovers.EnsureNoLiveAppHost();
            leftovers.StopAsync().GetAwaiter().GetResult();
            state.Prepare(options.Fresh);
            leftovers.RecordOwnPid();
            return new DistributedApplicationBuilder(options, state, Secrets.LoadOrCreate(state.SecretsPath));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"AppHost cannot start: {e.Message}");
            Environment.Exit(1);
            throw;
        }
    }

    /// <summary>Runs until Ctrl+C/SIGTERM (or the parent process given by --parent-pid ends); sets the exit code.</summary>
    public async Task RunAsync(CancellationToken ct = default) => Environment.ExitCode = await RunCoreAsync(ct).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        _orchestrator.Dispose();
        await Web.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<int> RunCoreAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var state = _host.State;
        try
        {
            _orchestrator.Preflight(_host);
        }
        catch (StartupException e)
        {
            _reporter.Failures(e);
            File.Delete(state.AppHostPidPath);
            return 1;
        }

        try
        {
            await Web.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            _reporter.Line($"FAILED dashboard: port {_host.Options.DashboardPort} on 127.0.0.1 cannot be used: {e.Message}");
            File.Delete(state.AppHostPidPath);
            return 1;
        }

        PublishUrls();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(Web.Lifetime.ApplicationStopping, ct);
        _ = WatchParentAsync(stopping.Token);
        var exitCode = 0;
        try
        {
            _reporter.Line($"Starting {_orchestrator.Controllers.Count} resources (state: {state.Root}) ...");
            await _orchestrator.StartAllAsync(stopping.Token).ConfigureAwait(false);
            _orchestrator.EnableAutoRestart();
            _reporter.Ready(_service.GetResources(), _service.Info, clock.Elapsed);
            WriteManifest();
            await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
        }
        catch (StartupException e)
        {
            _reporter.Failures(e);
            exitCode = 1;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        clock.Restart();
        _reporter.Line("Stopping ...");
        File.Delete(state.ManifestPath);
        await _orchestrator.StopAllAsync(StopBudget).ConfigureAwait(false);
        await Web.StopAsync(CancellationToken.None).ConfigureAwait(false);
        File.Delete(state.AppHostPidPath);
        _reporter.Line($"Stopped in {clock.Elapsed.TotalSeconds:0.0} s.");
        return exitCode;
    }

    private void PublishUrls()
    {
        var address = Web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var dashboardUrl = address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/";
        _host.DashboardUrl = dashboardUrl;
        var gateway = _orchestrator.Controllers.Select(c => c.Resource).OfType<ProjectResource>().FirstOrDefault(p => p.IsExternal);
        _service.Info = _service.Info with
        {
            DashboardUrl = dashboardUrl,
            DashboardLoginUrl = _host.Options.DashboardUnsecured ? dashboardUrl : $"{dashboardUrl}?t={_host.Secrets.DashboardToken}",
            GatewayUrl = gateway is null ? null : gateway.PrimaryEndpoint.Url + "/",
        };
    }

    private void WriteManifest() =>
        new Manifest
        {
            Info = _service.Info,
            BookingShards = _service.BookingShards.ToDictionary(
                s => s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value),
            Resources = _service.GetResources(),
        }.Write(_host.State.ManifestPath);

    /// <summary>The test fixture passes its own pid: if the test run dies, the system it started goes too.</summary>
    private async Task WatchParentAsync(CancellationToken ct)
    {
        if (_host.Options.ParentPid is not { } parent)
        {
            return;
        }

        try
        {
            while (ProcFs.IsAlive(parent))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            }

            _reporter.Event($"parent process {parent} has ended");
            Web.Lifetime.StopApplication();
        }
        catch (OperationCanceledException)
        {
        }
    }
}
