using System.Text.Json;
using System.Text.RegularExpressions;

namespace Evently.Api.Tests.OpenApi;

/// <summary>
/// The routes the gateway proxies, read from its configuration (the <c>ReverseProxy:Routes</c> section of
/// Gateway/appsettings.json, which YARP loads), with each one's path template as a matcher.
/// </summary>
public sealed record GatewayRoute(string Name, string Cluster, string Template)
{
    /// <summary>Whether a concrete path (placeholders filled in) is one this route takes.</summary>
    public bool Matches(string path) => ToRegex(Template).IsMatch(path);

    public static IReadOnlyList<GatewayRoute> Load()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "Gateway", "appsettings.json")));
        return [.. config.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject()
            .Select(r => new GatewayRoute(r.Name, r.Value.GetProperty("ClusterId").GetString()!,
                r.Value.GetProperty("Match").GetProperty("Path").GetString()!))];
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Evently.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Evently.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>YARP's template syntax: <c>{name}</c> is one segment, a trailing <c>/{**rest}</c> is anything or nothing.</summary>
    private static Regex ToRegex(string template)
    {
        var pattern = Regex.Escape(template);
        pattern = Regex.Replace(pattern, @"/\\\{\\\*\\\*[^/]*?}$", "(/.*)?");
        pattern = Regex.Replace(pattern, @"\\\{[^/]*?}", "[^/]+");
        return new Regex("^" + pattern + "$", RegexOptions.CultureInvariant);
    }
}
