using System.Collections.Concurrent;

namespace Evently.Gateway.Observability;

/// <summary>
/// Turns the client-supplied <c>X-Client-Region</c> header into a metric tag. The header is untrusted input,
/// so the tag is normalised ("North-America" → north_america) and the number of distinct values is capped:
/// a client inventing regions cannot blow up the metric's cardinality.
/// </summary>
public sealed class ClientRegion
{
    public const string HeaderName = "X-Client-Region";
    public const string Unknown = "unknown";
    public const string Other = "other";
    private const int MaxRegions = 32;
    private const int MaxLength = 32;

    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);

    public string Of(HttpRequest request)
    {
        var raw = request.Headers[HeaderName].ToString();
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Unknown;
        }

        var region = Normalise(raw);
        if (region is null)
        {
            return Other;
        }

        if (_seen.ContainsKey(region))
        {
            return region;
        }

        return _seen.Count < MaxRegions && _seen.TryAdd(region, 0) ? region : Other;
    }

    private static string? Normalise(string raw)
    {
        var value = raw.Trim();
        if (value.Length > MaxLength)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            var c = char.ToLowerInvariant(value[i]);
            buffer[i] = c switch
            {
                >= 'a' and <= 'z' or >= '0' and <= '9' or '_' => c,
                '-' or ' ' => '_',
                _ => '\0',
            };
            if (buffer[i] == '\0')
            {
                return null;
            }
        }

        return new string(buffer);
    }
}
