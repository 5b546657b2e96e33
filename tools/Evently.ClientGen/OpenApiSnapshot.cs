using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Evently.ClientGen;

/// <summary>
/// The committed form of the served document: the same API always gives the same bytes. <c>servers</c> goes (it is the
/// address of whichever gateway was asked, not part of the API), object keys are sorted (the merge's order follows the
/// order services answered in), and the JSON is indented with a final newline so a diff of the snapshot reads well.
/// </summary>
public static class OpenApiSnapshot
{
    public const string DocumentPath = "openapi/v1.json";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Descriptions hold quotes, dashes and arrows: keep them readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Normalise(string json)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("The OpenAPI document is not a JSON object.");
        root.Remove("servers");
        return Sorted(root)!.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
    }

    public static async Task<string> FetchAsync(Uri gateway, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(2) };
        using var response = await http.GetAsync(DocumentPath, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode
            ? Normalise(body)
            : throw new HttpRequestException($"GET {new Uri(gateway, DocumentPath)}: {(int)response.StatusCode} {body}");
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
