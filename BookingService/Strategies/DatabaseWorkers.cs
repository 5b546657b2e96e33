using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Evently.BookingService.Strategies;

/// <summary>
/// A few dedicated threads that run the per-request strategies' database work with synchronous I/O. Under thousands
/// of concurrent requests the thread pool's queue is long; a transaction whose every await waits its turn in that
/// queue holds its row lock (or Redis lock) for that whole time, and the hot row's throughput collapses. Here a
/// transaction runs start to finish on one thread, so locks are held only for the database's own time.
/// </summary>
public sealed class DatabaseWorkers : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread[] _threads;

    public DatabaseWorkers(IOptions<BookingOptions> options)
    {
        _threads = new Thread[Math.Max(1, options.Value.DatabaseWorkers)];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"booking-db-worker-{i}" };
            _threads[i].Start();
        }
    }

    public Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.TrySetResult(work());
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        });
        return done.Task;
    }

    private void Run()
    {
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }

    public void Dispose() => _work.CompleteAdding();
}
