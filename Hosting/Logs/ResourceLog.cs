using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Evently.Hosting.Logs;

/// <summary>
/// Console output of one resource: appended to <c>logs/&lt;name&gt;.log</c> in the state folder, kept in a ring
/// buffer for the dashboard, and pushed to live subscribers.
/// </summary>
internal sealed class ResourceLog : IDisposable
{
    public const int Capacity = 5000;

    private readonly Lock _gate = new();
    private readonly LogLine[] _ring = new LogLine[Capacity];
    private readonly List<Channel<LogLine>> _subscribers = [];
    private readonly StreamWriter _file;
    private long _next;

    public ResourceLog(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        // One file per AppHost run keeps it bounded; restarts within a run append.
        _file = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public string Path { get; }

    public void Append(string text, bool isError = false)
    {
        lock (_gate)
        {
            var line = new LogLine(_next, DateTimeOffset.UtcNow, text, isError);
            _ring[_next % Capacity] = line;
            _next++;
            try
            {
                _file.WriteLine(text);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after shutdown closed the file still reaches the ring buffer.
            }

            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(line);
            }
        }
    }

    /// <summary>A line from AppHost itself about this resource (starting, healthy, stopped ...), timestamped.</summary>
    public void AppendHost(string text, bool isError = false) =>
        Append($"[apphost {DateTime.Now:HH:mm:ss.fff}] {text}", isError);

    /// <summary>The last <paramref name="count"/> lines (all kept lines when null).</summary>
    public IReadOnlyList<LogLine> Snapshot(int? count = null)
    {
        lock (_gate)
        {
            return SnapshotLocked(count);
        }
    }

    /// <summary>The last <paramref name="count"/> lines as plain text (for failure reports).</summary>
    public IReadOnlyList<string> Tail(int count) => Snapshot(count).Select(l => l.Text).ToList();

    /// <summary>Kept lines first, then every new line until cancelled.</summary>
    public async IAsyncEnumerable<LogLine> WatchAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest });
        IReadOnlyList<LogLine> backlog;
        lock (_gate)
        {
            backlog = SnapshotLocked(null);
            _subscribers.Add(channel);
        }

        try
        {
            foreach (var line in backlog)
            {
                yield return line;
            }

            await foreach (var line in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                yield return line;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    private LogLine[] SnapshotLocked(int? count)
    {
        var available = (int)Math.Min(_next, Capacity);
        var take = Math.Clamp(count ?? available, 0, available);
        var result = new LogLine[take];
        for (var i = 0; i < take; i++)
        {
            result[i] = _ring[(_next - take + i) % Capacity];
        }

        return result;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }
}
