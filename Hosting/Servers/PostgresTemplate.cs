using System.Collections.Concurrent;
using Evently.Hosting.Processes;
using Evently.Hosting.State;

namespace Evently.Hosting.Servers;

/// <summary>One initdb per state folder, copied for each server: much cheaper than an initdb per server.</summary>
internal sealed class PostgresTemplate
{
    private static readonly ConcurrentDictionary<string, PostgresTemplate> Templates = new();
    private readonly string _path;
    private readonly ServerBinaries _binaries;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private PostgresTemplate(string path, ServerBinaries binaries)
    {
        _path = path;
        _binaries = binaries;
    }

    public static PostgresTemplate For(StateFolder state, ServerBinaries binaries) =>
        Templates.GetOrAdd(state.Root, _ => new PostgresTemplate(Path.Combine(state.DataRoot, ".postgres-template"), binaries));

    public async Task CopyToAsync(string cluster, CancellationToken ct)
    {
        await EnsureAsync(ct).ConfigureAwait(false);
        // Copy then rename, so an interrupted copy never looks like a cluster.
        var partial = cluster + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }

        if (Directory.Exists(cluster))
        {
            Directory.Delete(cluster, recursive: true);
        }

        await Run.CheckedAsync("cp", ["-a", _path, partial], ct).ConfigureAwait(false);
        Directory.Move(partial, cluster);
    }

    private async Task EnsureAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (File.Exists(Path.Combine(_path, "PG_VERSION")))
            {
                return;
            }

            if (Directory.Exists(_path))
            {
                Directory.Delete(_path, recursive: true);
            }

            Directory.CreateDirectory(_path);
            await Run.CheckedAsync("chown", [PostgresServerResource.User, _path], ct).ConfigureAwait(false);
            await Run.CheckedAsync(Path.Combine(_binaries.PostgresBin, "initdb"),
                ["-D", _path, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"], ct, PostgresServerResource.User).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
