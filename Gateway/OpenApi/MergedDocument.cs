using System.Diagnostics;

namespace Evently.Gateway.OpenApi;

/// <summary>
/// The merged document as JSON, rebuilt from the services at most every <see cref="Lifetime"/>. It is derived, never
/// state: each gateway replica builds its own copy from the same services, and a restart or a deploy of a service shows
/// within that time. Concurrent requests for a stale copy wait for one rebuild, not one each.
/// </summary>
public sealed class MergedDocument(DocumentSources sources, ILogger<MergedDocument> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private string? _json;
    private long _builtAt;

    public async Task<string> GetJsonAsync(CancellationToken ct)
    {
        if (Fresh() is { } json)
        {
            return json;
        }

        await _rebuild.WaitAsync(ct);
        try
        {
            if (Fresh() is { } rebuilt)
            {
                return rebuilt;
            }

            var started = Stopwatch.GetTimestamp();
            var merged = DocumentMerger.Merge(await sources.ReadAllAsync(ct));
            _json = OpenApiJson.Write(merged);
            _builtAt = Stopwatch.GetTimestamp();
            logger.LogDebug("Merged the OpenAPI document ({Paths} paths) in {Ms:F0} ms", merged.Paths.Count,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return _json;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    private string? Fresh() => _json is { } json && Stopwatch.GetElapsedTime(_builtAt) < Lifetime ? json : null;
}
