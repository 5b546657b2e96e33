using System.Text.RegularExpressions;
using Evently.Deploy.Model;
using k8s.Models;

namespace Evently.Deploy.Kubernetes;

/// <summary>
/// A project's environment from the manifest, translated for the cluster: a server's connection string becomes a
/// reference into the connections Secret, another project's URL its Service's DNS name, a parameter a reference into
/// the parameters Secret, a literal stays as it is. Anything else fails the publish rather than deploy a guess.
/// </summary>
public static partial class EnvironmentMapping
{
    /// <remarks>
    /// Aspire 13 writes each reference a second time for clients in other languages (<c>ConnectionStrings__events_db</c>
    /// next to <c>ConnectionStrings__events-db</c>, <c>EVENTS_HTTP</c> next to <c>services__events__http__0</c>);
    /// .NET configuration reads the first form only, so those copies are left out rather than deployed as dead settings.
    /// </remarks>
    public static List<V1EnvVar> For(ProjectModel project, AppModel model)
    {
        var env = new List<V1EnvVar>();
        foreach (var (key, value) in project.Environment)
        {
            if (Expression().Match(value) is not { Success: true } match)
            {
                env.Add(Literal(key, value.Contains('{', StringComparison.Ordinal) ? throw Unsupported(project, key, value) : value));
                continue;
            }

            var (resource, property) = (match.Groups["resource"].Value, match.Groups["property"].Value);
            switch (property)
            {
                case "connectionString" when model.IsServer(resource):
                    if (key != $"ConnectionStrings__{resource.Replace('-', '_')}" || resource.Replace('-', '_') == resource)
                    {
                        env.Add(FromSecret(key, Names.ConnectionsSecret, resource));
                    }

                    break;
                case "bindings.http.url" when model.IsProject(resource):
                    if (key != $"{resource.Replace('-', '_').ToUpperInvariant()}_HTTP")
                    {
                        env.Add(Literal(key, $"http://{resource}:{Names.HttpPort}"));
                    }

                    break;
                case "bindings.http.targetPort" when resource == project.Name:
                    env.Add(Literal(key, Names.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    break;
                case "value" when model.Parameters.Any(p => p.Name == resource):
                    env.Add(FromSecret(key, Names.ParametersSecret, resource));
                    break;
                default:
                    throw Unsupported(project, key, value);
            }
        }

        // What Aspire adds at run time only (it is not in the manifest): where telemetry goes, and under which name.
        env.Add(Literal("OTEL_SERVICE_NAME", project.Name));
        env.Add(Literal("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://{Names.Dashboard}:{Names.DashboardOtlpPort}"));
        return env;
    }

    private static V1EnvVar Literal(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar FromSecret(string name, string secret, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
    };

    private static NotSupportedException Unsupported(ProjectModel project, string key, string value) =>
        new($"{project.Name}: {key}={value} has no Kubernetes translation (only connection strings, service URLs, the own port and parameters do).");

    [GeneratedRegex(@"^\{(?<resource>[a-z0-9-]+)\.(?<property>[A-Za-z.]+)\}$")]
    private static partial Regex Expression();
}
