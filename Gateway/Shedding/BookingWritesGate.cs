using System.Globalization;
using System.Threading.RateLimiting;
using Evently.Gateway.Observability;
using Evently.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Evently.Gateway.Shedding;

/// <summary>
/// The front door of the booking path: at most <see cref="SheddingOptions.MaxBookingWritesInFlight"/> bookings, holds
/// and hold confirms travel through this gateway at once; past that a request is refused at once with 503 +
/// Retry-After, before its token is validated or anything is forwarded. Without it the surplus of a 10,000-buyer
/// rush waits for one of the gateway's pooled connections to the booking service, unseen by the booking service's
/// own shard gates, for as long as the rush lasts. Per gateway replica: it protects this process and what it sends.
/// </summary>
public sealed class BookingWritesGate(RequestDelegate next, IOptions<SheddingOptions> options, GatewayMetrics metrics)
    : IDisposable
{
    public const string Detail =
        "The booking service is at capacity right now: too many booking requests are already on their way to it, " +
        "so this one was refused and nothing was booked or held. Please retry after the Retry-After delay.";

    private static readonly string RetryAfter = ProblemDetailsDefaults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

    private readonly ConcurrencyLimiter? _limiter = options.Value.MaxBookingWritesInFlight > 0
        ? new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = options.Value.MaxBookingWritesInFlight, QueueLimit = 0 })
        : null;

    public async Task InvokeAsync(HttpContext context)
    {
        if (_limiter is null || !IsBookingWrite(context.Request))
        {
            await next(context);
            return;
        }

        using var lease = _limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            metrics.Shed();
            context.Response.Headers.RetryAfter = RetryAfter;
            await EventlyResults.Problem(StatusCodes.Status503ServiceUnavailable, Detail).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>A booking, a hold or a hold's confirm: the writes that queue on a hot event's shard.</summary>
    private static bool IsBookingWrite(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/api/v1/bookings", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/api/v1/holds", StringComparison.OrdinalIgnoreCase));

    public void Dispose() => _limiter?.Dispose();
}
