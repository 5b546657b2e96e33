using System.Collections.Concurrent;
using Evently.Hosting.State;

namespace Evently.Hosting;

/// <summary>What every resource needs at run time: the state folder, secrets, options, the dashboard URL.</summary>
internal sealed class HostContext(StateFolder state, Secrets secrets, AppHostOptions options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _once = new();

    public StateFolder State { get; } = state;

    public Secrets Secrets { get; } = secrets;

    public AppHostOptions Options { get; } = options;

    /// <summary>Base URL of AppHost's web host (dashboard, control API, OTLP receiver); known once it listens.</summary>
    public string DashboardUrl { get; set; } = "";

    /// <summary>The dotnet host that runs AppHost, used to run the projects' build output.</summary>
    public static string DotnetHost { get; } = ResolveDotnetHost();

    /// <summary>Runs <paramref name="action"/> once per AppHost run, however many resources ask (the initdb template).</summary>
    public Task OnceAsync(string key, Func<Task> action) =>
        _once.GetOrAdd(key, _ => new Lazy<Task>(action)).Value;

    private static string ResolveDotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
