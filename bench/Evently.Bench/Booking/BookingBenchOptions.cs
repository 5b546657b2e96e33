namespace Evently.Bench.Booking;

/// <summary>Command-line knobs of the booking benchmark (defaults keep the whole run well under 15 minutes).</summary>
/// <param name="BookingReplicas">Booking service replicas (<c>--booking-replicas</c>), to compare one with two on the same hot event.</param>
/// <param name="Gateways">Gateway replicas (<c>--gateways</c>).</param>
/// <param name="HoldLevels">Connection levels of the hold + confirm checkout run beside the direct booking (<c>--holds</c>; none = skip).</param>
/// <param name="Profile">After the first strategy's levels, one more run with the gateway and booking service CPU-profiled (<c>--profile</c>).</param>
/// <param name="ShedBackOff">A client refused by load shedding waits its Retry-After before the next request (<c>--shed-backoff on|off</c>, default on).</param>
public sealed record BookingBenchOptions(int[] Levels, string[] Strategies, TimeSpan Warmup, TimeSpan Duration, int Users, int PgBenchClients,
    int BookingReplicas, int Gateways, int[] HoldLevels, bool ShedBackOff = true, bool Profile = false)
{
    public static BookingBenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BookingBenchOptions(
            (Value("--levels") ?? "100,1000,10000").Split(',').Select(int.Parse).ToArray(),
            (Value("--strategies") ?? "atomic,row-lock,optimistic,redis-lock").Split(','),
            TimeSpan.FromSeconds(double.Parse(Value("--warmup") ?? "5", System.Globalization.CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(Value("--duration") ?? "15", System.Globalization.CultureInfo.InvariantCulture)),
            int.Parse(Value("--users") ?? "1000"),
            int.Parse(Value("--pgbench-clients") ?? "64"),
            int.Parse(Value("--booking-replicas") ?? "1"),
            int.Parse(Value("--gateways") ?? "1"),
            Value("--holds") is "none" or "0" ? [] : (Value("--holds") ?? "1000").Split(',').Select(int.Parse).ToArray(),
            Value("--shed-backoff") is not "off",
            args.Contains("--profile"));
    }

    /// <summary>The results file's name: <c>booking</c>, or <c>booking-2x2</c> (booking replicas × gateways) when replicated.</summary>
    public string ResultsName => BookingReplicas == 1 && Gateways == 1 ? "booking" : $"booking-{BookingReplicas}x{Gateways}";

    public IReadOnlyDictionary<string, int> Replicas => new Dictionary<string, int> { ["booking"] = BookingReplicas, ["gateway"] = Gateways };
}
