using System.Text.Json;

namespace Evently.Hosting.State;

/// <summary>
/// <c>apphost.json</c>: written once every resource is healthy, removed on stop. Tests and scripts read it
/// instead of parsing the console: URLs, token, admin login, every resource with pid/endpoints/connection string.
/// </summary>
public sealed record Manifest
{
    public required AppHostInfo Info { get; init; }

    /// <summary>Shard index (as a string key) → resource name.</summary>
    public required IReadOnlyDictionary<string, string> BookingShards { get; init; }

    public required IReadOnlyList<ResourceSnapshot> Resources { get; init; }

    public static Manifest? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path), HostingJson.Options);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    internal void Write(string path)
    {
        // Write then rename, so a reader never sees half a file.
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, HostingJson.Options));
        File.Move(temp, path, overwrite: true);
    }
}
