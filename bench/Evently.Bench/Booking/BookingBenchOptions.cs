namespace Evently.Bench.Booking;

/// <summary>Command-line knobs of the booking benchmark (defaults keep the whole run well under 15 minutes).</summary>
public sealed record BookingBenchOptions(int[] Levels, string[] Strategies, TimeSpan Warmup, TimeSpan Duration, int Users, int PgBenchClients)
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
            int.Parse(Value("--pgbench-clients") ?? "64"));
    }
}
