using Evently.Demo.Steps;

namespace Evently.Demo;

/// <summary>
/// The seed's demonstration, in its order: concurrency (two people, the last seats, one wins), the exact refusal,
/// the consistency check, the cache, the waitlist, analytics and live metrics, then load at 100 and 1,000 users.
/// </summary>
public sealed class Demonstration(GatewayClients clients, DemoOptions options, StepRunner steps)
{
    /// <summary>Small, so two people asking for more than half of it cannot both be served.</summary>
    private const int Capacity = 10;
    private const int RaceSeats = 6;
    private const int WaitlistSeats = 2;

    public const string AdminStep = "Admin signs in";

    /// <summary>Where the seed points its load tests: the listing first, then bookings.</summary>
    private static readonly string[] LoadTargets = ["/api/v1/events", "/api/v1/bookings"];

    public async Task RunAsync(AdminLogin login)
    {
        var admin = await steps.RunAsync(AdminStep, () => SignIn.AdminAsync(clients, login));
        var users = await steps.RunAsync("Three people sign up", () => SignIn.UsersAsync(clients));
        var state = new DemoState { Admin = admin, Users = users, Capacity = Capacity };
        var created = await steps.RunAsync("Admin creates an event", () => SignIn.CreateEventAsync(admin, Capacity));
        (state.EventId, state.EventName) = (created.Id!.Value, created.Name!);

        await steps.RunAsync("Capacity before booking", () => Concurrency.CapacityBeforeAsync(state));
        await steps.RunAsync("Two people book the last seats at the same moment", () => Concurrency.RaceAsync(state, RaceSeats));
        await steps.RunAsync("More seats than are left", () => Concurrency.RefusalAsync(state, 1000));
        await steps.RunAsync("The last seats sell", () => Concurrency.SellOutAsync(state));
        // Joined now, so the entry has long reached the booking service when a cancellation releases seats.
        await steps.RunAsync("Sold out: joining the waitlist", () => Waitlist.JoinAsync(state, WaitlistSeats));
        await steps.RunAsync("Consistency check: nothing oversold", () => Consistency.CheckAsync(state));
        await steps.RunAsync("The event page shows the sell-out", () => Consistency.PageCatchesUpAsync(state));

        var missMs = await steps.RunAsync("Cache miss", () => Cache.MissAsync(state));
        await steps.RunAsync("Cache hit", () => Cache.HitAsync(state, missMs));
        await steps.RunAsync("A cancellation promotes the waitlist", () => Waitlist.PromotionAsync(state));

        await steps.RunAsync("Analytics with query timings", () => Operations.AnalyticsAsync(state));
        await steps.RunAsync("Live system metrics", () => Operations.LiveMetricsAsync(state));

        for (var i = 0; i < options.LoadUsers.Count; i++)
        {
            var (count, seconds, target) = (options.LoadUsers[i], options.DurationOf(i), LoadTargets[Math.Min(i, LoadTargets.Length - 1)]);
            await steps.RunAsync($"Load test: {count:N0} concurrent users", () => LoadTests.RunAsync(state, count, seconds, target));
        }
    }
}
