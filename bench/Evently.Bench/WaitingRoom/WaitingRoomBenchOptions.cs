using System.Globalization;

namespace Evently.Bench.WaitingRoom;

/// <summary>
/// Knobs of <c>./evently bench waiting-room</c>: <c>--buyers 10000</c> distinct users on one event,
/// <c>--rate 500</c> admissions a second, <c>--capacity</c> seats (default half the buyers, so it sells out),
/// <c>--connections 1000</c> the client's connection cap, <c>--pass-seconds 600</c>.
/// </summary>
public sealed record WaitingRoomBenchOptions(int Buyers, int RatePerSecond, int Capacity, int Connections, int PassSeconds)
{
    public static WaitingRoomBenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var buyers = Int("--buyers", 10_000);
        return new WaitingRoomBenchOptions(buyers, Int("--rate", 500), Int("--capacity", Math.Max(1, buyers / 2)), Int("--connections", 1_000),
            Int("--pass-seconds", 600));
    }
}
