using Microsoft.AspNetCore.Http;

namespace Evently.ServiceDefaults;

/// <summary>
/// <c>X-Cache: hit|miss</c> on cacheable reads. It tells a client (and the gateway's short-lived read cache) whether
/// the answer came from the service's cache; the gateway keeps only answers the service itself served cached.
/// </summary>
public static class CacheHeader
{
    public const string Name = "X-Cache";
    public const string Hit = "hit";
    public const string Miss = "miss";

    public static void Set(HttpResponse response, bool cached) => response.Headers[Name] = cached ? Hit : Miss;
}
