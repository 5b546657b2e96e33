using System.Diagnostics;
using System.Globalization;
using Evently.Hosting.Processes;
using Evently.Hosting.Servers;

namespace Evently.Testing;

/// <summary>
/// The AppHost as its own process, the way <c>./evently up</c> runs it (dashboard included), for tests of what happens
/// to the system when AppHost itself dies.
/// </summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private AppHostProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(200));
            }
        }
    }

    /// <summary>The gateway's address as the ready banner gives it.</summary>
    public Uri GatewayUrl => _gatewayUrl ?? throw new InvalidOperationException("AppHost has not printed its ready banner.");

    private Uri? _gatewayUrl;
    private bool _up;

    /// <summary>Starts the built AppHost on <paramref name="state"/> and waits for its "Evently is up" banner.</summary>
    /// <param name="environment">AppHost's own environment on top of the defaults (e.g. <c>EVENTLY_ADMIN_EMAIL</c>).</param>
    public static async Task<AppHostProcess> StartAsync(string state, int bookingShards, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(AppHostExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AppHostExecutable()),
        };
        foreach (var arg in new[] { "--state", state, "--booking-shards", bookingShards.ToString(CultureInfo.InvariantCulture), "--gateway-port", "0" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Pick()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Pick()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Pick()}";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var host = new AppHostProcess(new Process { StartInfo = info });
        host._process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        try
        {
            await host._ready.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"AppHost was not up within {timeout.TotalSeconds:0} s:\n{host.Output}");
        }

        return host;
    }

    /// <summary>
    /// <c>Evently.AppHost --publisher manifest --output-path DIR</c>: Aspire's manifest publisher, which starts nothing.
    /// Returns the manifest's path; throws with the AppHost's output when it fails.
    /// </summary>
    public static async Task<string> PublishManifestAsync(string outputDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(AppHostExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AppHostExecutable()),
        };
        foreach (var arg in new[] { "--publisher", "manifest", "--output-path", outputDirectory })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        var manifest = Path.Combine(outputDirectory, "aspire-manifest.json");
        if (process.ExitCode != 0 || !File.Exists(manifest))
        {
            throw new InvalidOperationException($"manifest publisher exited with {process.ExitCode}:\n{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
        }

        return manifest;
    }

    /// <summary>Every process DCP runs for this AppHost: the servers, the services, the dashboard.</summary>
    public IReadOnlyList<int> ResourcePids()
    {
        var controllers = ProcFs.AllPids().Where(p => ProcFs.CommandLine(p) is var c && c.Contains("dcp run-controllers", StringComparison.Ordinal)
            && KubeconfigOf(c) is { } k && ApiServerKubeconfigs().Contains(k)).ToList();
        var found = new List<int>();
        var queue = new Queue<int>(controllers);
        while (queue.TryDequeue(out var pid))
        {
            foreach (var child in ProcFs.Children(pid))
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        }

        return found;
    }

    /// <summary>A client of the gateway, as a user of <c>./evently up</c> would reach it.</summary>
    public HttpClient CreateGatewayClient() => new() { BaseAddress = GatewayUrl };

    /// <summary>SIGKILL: AppHost dies without stopping anything, as in a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, Signals.SIGINT);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private IEnumerable<string> ApiServerKubeconfigs() =>
        ProcFs.AllPids().Select(ProcFs.CommandLine)
            .Where(c => c.Contains("dcp start-apiserver", StringComparison.Ordinal) && c.Contains($"--monitor {Pid} ", StringComparison.Ordinal))
            .Select(KubeconfigOf).OfType<string>();

    private static string? KubeconfigOf(string commandLine)
    {
        var parts = commandLine.Split(' ');
        var i = Array.IndexOf(parts, "--kubeconfig");
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : null;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        // The banner: "Evently is up …", then the dashboard, then the gateway's address, which ends the wait.
        _up |= line.Contains("Evently is up", StringComparison.Ordinal);
        var text = line.TrimStart();
        if (_up && text.StartsWith("Gateway:", StringComparison.Ordinal)
            && Uri.TryCreate(text["Gateway:".Length..].Trim().TrimEnd('/') + "/", UriKind.Absolute, out var gateway))
        {
            _gatewayUrl = gateway;
            _ready.TrySetResult();
        }
    }

    private static string AppHostExecutable()
    {
        var project = Projects.AppHost.ProjectPath;
        var directory = Directory.Exists(project) ? project : Path.GetDirectoryName(project)!;
        var configuration = typeof(AppHostProcess).Assembly.Location.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(directory, "bin", configuration, "net10.0", "Evently.AppHost");
    }
}
