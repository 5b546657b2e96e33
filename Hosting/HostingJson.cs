using System.Text.Json;
using System.Text.Json.Serialization;

namespace Evently.Hosting;

/// <summary>snake_case JSON like the rest of Evently, enums as strings: the manifest, secrets and control API.</summary>
public static class HostingJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };
}
