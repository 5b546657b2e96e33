namespace Evently.Bench.Load;

/// <summary>One closed-loop run: <see cref="Connections"/> clients, each sending its next request when the last answers.</summary>
/// <param name="Timed">Which outcomes' latencies make the percentiles (null = all), e.g. only accepted requests.</param>
public sealed record LoadOptions(int Connections, TimeSpan Warmup, TimeSpan Duration, TimeSpan RequestTimeout, Func<string, bool>? Timed = null);
