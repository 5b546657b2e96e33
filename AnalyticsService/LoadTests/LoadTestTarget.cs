namespace Evently.AnalyticsService.LoadTests;

/// <summary>
/// Where a load test may send its traffic: only the gateway's own public read routes, or bookings — which always go
/// to the dedicated load-test event. A path, never a URL: the host is always the gateway's own address.
/// </summary>
public sealed record LoadTestTarget(string Path, bool IsBooking)
{
    public const string BookingsPath = "/api/v1/bookings";
    private const string EventsPath = "/api/v1/events";

    public static string Describe => $"{EventsPath} (optionally /{{id}} or ?query) or {BookingsPath}";

    public static LoadTestTarget? Parse(string raw, out string? error)
    {
        error = null;
        var value = raw.Trim();
        var pathPart = value.Split('?', 2)[0].TrimEnd('/');
        var safe = value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal)
            && !value.Contains("..", StringComparison.Ordinal) && !value.Contains('\\') && !value.Contains('#')
            && !value.Contains("://", StringComparison.Ordinal) && value.Length <= 300 && value.All(c => c > ' ' && c < 127);
        if (safe && pathPart.Equals(BookingsPath, StringComparison.OrdinalIgnoreCase))
        {
            return new LoadTestTarget(BookingsPath, IsBooking: true);
        }

        var segments = pathPart.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var isEvents = pathPart.StartsWith(EventsPath, StringComparison.OrdinalIgnoreCase)
            && (segments.Length == 3 || (segments.Length == 4 && Guid.TryParse(segments[3], out _)));
        if (safe && isEvents)
        {
            return new LoadTestTarget(value, IsBooking: false);
        }

        error = $"target_endpoint must be one of the gateway's load-testable routes: {Describe}.";
        return null;
    }
}
