namespace Evently.Hosting;

/// <summary>One console line of a resource. <see cref="Sequence"/> grows by one per line of that resource.</summary>
public sealed record LogLine(long Sequence, DateTimeOffset Timestamp, string Text, bool IsError);
