using Microsoft.AspNetCore.Http;

namespace Evently.LiveMetrics;

/// <summary>
/// The client's region from the <c>X-Client-Region</c> header (e.g. <c>europe</c>), else <c>unknown</c>. Values are
/// normalised and bounded because they become a metric dimension: a client cannot create unbounded series.
/// </summary>
internal static class ClientRegion
{
    public const string Header = "X-Client-Region";
    public const string TagName = "client.region";
    public const string Unknown = "unknown";
    private const int MaxLength = 32;

    public static string Of(HttpRequest request)
    {
        var raw = request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Unknown;
        }

        Span<char> buffer = stackalloc char[MaxLength];
        var length = 0;
        foreach (var c in raw.Trim())
        {
            if (length == MaxLength)
            {
                break;
            }

            buffer[length++] = char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : c is '-' or '_' or ' ' ? '_' : '\0';
            if (buffer[length - 1] == '\0')
            {
                return Unknown;
            }
        }

        return length == 0 ? Unknown : new string(buffer[..length]);
    }
}
