using System.Globalization;
using Evently.Bench.Load;

namespace Evently.Bench.Report;

/// <summary>
/// Knobs shared by the listing, gateway and mixed scenarios (defaults keep <c>./evently bench</c> around 15 minutes):
/// <c>--levels 100,1000,10000 --warmup 5 --duration 15 --ratio-connections 16 --overhead-connections 100 --events 50 --users 200 --catalogue 100000</c>,
/// and <c>--reads standby|primary</c>: where the events service reads listings and details (<c>Events__ReadFrom</c>);
/// <c>--profile</c> profiles a listing miss.
/// </summary>
public sealed record SuiteOptions(int[] Levels, TimeSpan Warmup, TimeSpan Duration, int RatioConnections, int OverheadConnections, int Events, int Users, int Catalogue)
{
    public string Reads { get; init; } = "standby";

    /// <summary><c>--profile</c>: one more listing-miss run with the gateway and the events service CPU-profiled.</summary>
    public bool Profile { get; init; }

    public static SuiteOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        double Seconds(string name, string fallback) => double.Parse(Value(name) ?? fallback, CultureInfo.InvariantCulture);
        return new SuiteOptions(
            (Value("--levels") ?? "100,1000,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            TimeSpan.FromSeconds(Seconds("--warmup", "5")),
            TimeSpan.FromSeconds(Seconds("--duration", "15")),
            int.Parse(Value("--ratio-connections") ?? "16", CultureInfo.InvariantCulture),
            int.Parse(Value("--overhead-connections") ?? "100", CultureInfo.InvariantCulture),
            int.Parse(Value("--events") ?? "50", CultureInfo.InvariantCulture),
            int.Parse(Value("--users") ?? "200", CultureInfo.InvariantCulture),
            int.Parse(Value("--catalogue") ?? "100000", CultureInfo.InvariantCulture))
        {
            Reads = Value("--reads") is { } reads
                ? reads is "standby" or "primary" ? reads : throw new ArgumentException($"--reads expects standby or primary, got '{reads}'.")
                : "standby",
            Profile = args.Contains("--profile"),
        };
    }

    public LoadOptions LoadFor(int connections) => new(connections, Warmup, Duration, TimeSpan.FromSeconds(30));
}
