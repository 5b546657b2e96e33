using System.Security.Cryptography;
using System.Text;

namespace Evently.Hosting.State;

/// <summary>
/// The state folder (default <c>.evently/</c>): server data, one log per resource, pid files, generated secrets
/// and the manifest. Server data must be reachable by the postgres and rabbitmq users; when the folder sits
/// under a directory they cannot enter (a clone in /root), the data lives under /var/tmp and the folder links to it.
/// </summary>
public sealed class StateFolder
{
    private const string Marker = ".evently-state";

    public StateFolder(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string DataRoot => Path.Combine(Root, "data");

    public string LogsDirectory => Path.Combine(Root, "logs");

    public string PidsDirectory => Path.Combine(Root, "pids");

    public string ManifestPath => Path.Combine(Root, "apphost.json");

    public string SecretsPath => Path.Combine(Root, "secrets.json");

    public string AppHostPidPath => Path.Combine(Root, "apphost.pid");

    public string LogPath(string resource) => Path.Combine(LogsDirectory, resource + ".log");

    public string DataDirectory(string resource) => Path.Combine(DataRoot, resource);

    /// <summary>Short stable id of this folder, for names that must be unique per folder (RabbitMQ node names).</summary>
    public string Id => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Root)))[..10];

    /// <summary>Creates the folder (emptied first when <paramref name="fresh"/>), readable by the server users.</summary>
    public void Prepare(bool fresh)
    {
        if (fresh && Directory.Exists(Root))
        {
            Wipe();
        }

        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Root, Marker), "Evently AppHost state folder; `--fresh` empties it.\n");
        AllowTraverse(Root);
        Directory.CreateDirectory(LogsDirectory);
        Directory.CreateDirectory(PidsDirectory);
        if (!Directory.Exists(DataRoot))
        {
            if (AncestorsTraversable(Root))
            {
                Directory.CreateDirectory(DataRoot);
            }
            else
            {
                var outside = ExternalDataRoot();
                Directory.CreateDirectory(outside);
                Directory.CreateSymbolicLink(DataRoot, outside);
            }
        }

        AllowTraverse(DataRoot);
    }

    private void Wipe()
    {
        var isEmpty = !Directory.EnumerateFileSystemEntries(Root).Any();
        if (!isEmpty && !File.Exists(Path.Combine(Root, Marker)))
        {
            throw new InvalidOperationException($"Refusing to empty {Root} for --fresh: it is not an Evently state folder.");
        }

        if (new DirectoryInfo(DataRoot).LinkTarget is { } target && Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.Delete(Root, recursive: true);
    }

    private string ExternalDataRoot() => Path.Combine("/var/tmp/evently-data", Id);

    private static bool AncestorsTraversable(string path)
    {
        for (var dir = new DirectoryInfo(path).Parent; dir is not null; dir = dir.Parent)
        {
            if ((dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void AllowTraverse(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var dir = new DirectoryInfo(path);
        var target = dir.LinkTarget is { } link ? new DirectoryInfo(Path.GetFullPath(link, dir.Parent!.FullName)) : dir;
        target.UnixFileMode |= UnixFileMode.OtherExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.GroupRead;
    }
}
