using Microsoft.Extensions.Options;

namespace Evently.WebhooksService.Deliveries;

/// <summary>Exponential back-off with jitter: base, 2×base, 4×base … capped, for a configured number of attempts.</summary>
public sealed class RetrySchedule(IOptions<WebhookOptions> options)
{
    private readonly WebhookOptions.RetryOptions _retry = options.Value.Retry;

    /// <summary>The wait after the given (1-based) failed attempt, or null when it was the last one allowed.</summary>
    public TimeSpan? DelayAfter(int attempt)
    {
        if (attempt >= _retry.MaxAttempts)
        {
            return null;
        }

        var exponential = _retry.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, _retry.MaxDelay.TotalMilliseconds);
        // ±Jitter around the delay: deliveries that failed together (one endpoint down) come back spread out.
        var jitter = 1 + (((Random.Shared.NextDouble() * 2) - 1) * Math.Clamp(_retry.Jitter, 0, 1));
        return TimeSpan.FromMilliseconds(Math.Max(0, capped * jitter));
    }
}
