using Microsoft.AspNetCore.Components;

namespace Evently.Dashboard.Components.Shared;

/// <summary>
/// Base for live pages: many change signals (one per OTLP request, per console line) collapse into at
/// most one re-render per <see cref="RefreshInterval"/>, so a busy system cannot flood the circuit.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private int _scheduled;
    private bool _disposed;

    protected virtual TimeSpan RefreshInterval => TimeSpan.FromMilliseconds(500);

    protected void Track(IDisposable subscription) => _subscriptions.Add(subscription);

    /// <summary>Signals that the data changed; safe from any thread.</summary>
    protected void Signal()
    {
        if (_disposed || Interlocked.Exchange(ref _scheduled, 1) == 1)
        {
            return;
        }

        _ = RefreshLaterAsync();
    }

    /// <summary>Re-reads the data before a scheduled render.</summary>
    protected virtual void Reload()
    {
    }

    private async Task RefreshLaterAsync()
    {
        await Task.Delay(RefreshInterval);
        Interlocked.Exchange(ref _scheduled, 0);
        if (_disposed)
        {
            return;
        }

        try
        {
            await InvokeAsync(() =>
            {
                Reload();
                StateHasChanged();
            });
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between the signal and the render.
        }
    }

    /// <summary>Releases what a page subscribed to outside <see cref="Track"/>.</summary>
    protected virtual void OnDisposing()
    {
    }

    public void Dispose()
    {
        _disposed = true;
        OnDisposing();
        foreach (var s in _subscriptions)
        {
            s.Dispose();
        }

        _subscriptions.Clear();
        GC.SuppressFinalize(this);
    }
}
