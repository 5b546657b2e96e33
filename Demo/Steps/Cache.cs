using System.Diagnostics;
using Evently.Client.Models;

namespace Evently.Demo.Steps;

/// <summary>
/// The seed's cache demo: the same listing twice, a miss then a hit, with the <c>cached</c> flag and the time each
/// took. The query names the demo's own event, a listing nobody asked for yet, so the first answer is a real miss.
/// </summary>
public static class Cache
{
    public static async Task<(double Value, string Result)> MissAsync(DemoState state)
    {
        var (page, ms) = await ListAsync(state);
        StepFailedException.Unless(page?.Cached == false, $"the first request answered cached: {page?.Cached}");
        StepFailedException.Unless(page!.Events?.Any(e => e.Id == state.EventId) == true, "the listing does not show the demo's event");
        return (ms, $"GET /events?q=… {ms:0.0} ms, \"cached\": false");
    }

    public static async Task<string> HitAsync(DemoState state, double missMs)
    {
        var (page, ms) = await ListAsync(state);
        StepFailedException.Unless(page?.Cached == true, $"the second request answered cached: {page?.Cached}");
        return $"the same request {ms:0.0} ms, \"cached\": true ({missMs / Math.Max(ms, 0.01):0.#}× faster than the miss)";
    }

    private static async Task<(ListEventsEventPage? Page, double Ms)> ListAsync(DemoState state)
    {
        var started = Stopwatch.GetTimestamp();
        var page = await state.Users[2].Api.Api.V1.Events.GetAsync(c => c.QueryParameters.Q = state.EventName);
        return (page, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
