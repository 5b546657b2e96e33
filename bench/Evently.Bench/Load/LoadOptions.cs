namespace Evently.Bench.Load;

/// <summary>One closed-loop run: <see cref="Connections"/> clients, each sending its next request when the last answers.</summary>
public sealed record LoadOptions(int Connections, TimeSpan Warmup, TimeSpan Duration, TimeSpan RequestTimeout);
