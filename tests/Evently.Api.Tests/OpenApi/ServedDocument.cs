using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evently.Testing;

namespace Evently.Api.Tests.OpenApi;

/// <summary>The gateway's merged OpenAPI document as served at /openapi/v1.json, and what the tests read from it.</summary>
public sealed class ServedDocument
{
    public const string Path = "openapi/v1.json";
    public static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private ServedDocument(string json)
    {
        Json = json;
        Root = JsonNode.Parse(json)!.AsObject();
    }

    public string Json { get; }
    public JsonObject Root { get; }

    public JsonObject Paths => Root["paths"]!.AsObject();

    public JsonObject Schemas => Root["components"]!["schemas"]!.AsObject();

    public static async Task<ServedDocument> FetchAsync(EventlySystem system)
    {
        using var client = system.CreateGatewayClient();
        using var response = await client.GetAsync(Path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /{Path}: {(int)response.StatusCode} {text}");
        return new ServedDocument(text);
    }

    /// <summary>Every operation: path template, method and its object.</summary>
    public IEnumerable<(string Path, string Method, JsonObject Operation)> Operations() =>
        from path in Paths
        from method in Methods
        where path.Value![method] is JsonObject
        select (path.Key, method, path.Value![method]!.AsObject());

    /// <summary>Follows a local <c>$ref</c> (<c>#/components/...</c>) to what it names.</summary>
    public JsonObject Resolve(JsonObject node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            JsonNode current = Root;
            foreach (var segment in reference.TrimStart('#', '/').Split('/'))
            {
                current = current[segment] ?? throw new InvalidOperationException($"Unresolved {reference}");
            }

            node = current.AsObject();
        }

        return node;
    }

    public override string ToString() => Json;

    public static string Show(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
