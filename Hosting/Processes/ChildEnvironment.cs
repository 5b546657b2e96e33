namespace Evently.Hosting.Processes;

/// <summary>
/// Children inherit AppHost's environment minus the settings AppHost itself sets per resource, so a variable
/// in the caller's shell (say ASPNETCORE_URLS or a connection string) can never leak into every service.
/// </summary>
internal static class ChildEnvironment
{
    private static readonly string[] OwnedPrefixes =
    [
        "ASPNETCORE_", "DOTNET_ENVIRONMENT", "OTEL_", "ConnectionStrings__", "services__", "Jwt__", "EVENTLY_", "RABBITMQ_",
    ];

    public static void Apply(IDictionary<string, string?> target, IReadOnlyDictionary<string, string> values)
    {
        foreach (var key in target.Keys.Where(k => OwnedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            target.Remove(key);
        }

        foreach (var (key, value) in values)
        {
            target[key] = value;
        }
    }
}
