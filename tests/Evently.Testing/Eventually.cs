namespace Evently.Testing;

/// <summary>Waits on a condition with a deadline instead of sleeping: asynchronous effects (messages) need it.</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls until <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string? because = null, CancellationToken ct = default)
    {
        if (!await TryUntilAsync(condition, timeout, ct).ConfigureAwait(false))
        {
            throw new TimeoutException($"Condition not met within {timeout.TotalSeconds:0.#} s" + (because is null ? "." : $": {because}"));
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string? because = null, CancellationToken ct = default) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, because, ct);

    /// <summary>Polls <paramref name="probe"/> until its value satisfies <paramref name="accept"/>, and returns that value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> accept, TimeSpan timeout, string? because = null,
        CancellationToken ct = default)
    {
        T last = default!;
        var ok = await TryUntilAsync(async () => accept(last = await probe().ConfigureAwait(false)), timeout, ct).ConfigureAwait(false);
        return ok
            ? last
            : throw new TimeoutException($"Condition not met within {timeout.TotalSeconds:0.#} s (last value: {last})"
                + (because is null ? "." : $": {because}"));
    }

    /// <summary>Polls until <paramref name="condition"/> holds; false after <paramref name="timeout"/>.</summary>
    public static async Task<bool> TryUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (await condition().ConfigureAwait(false))
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(Interval, ct).ConfigureAwait(false);
        }
    }
}
