using Evently.Deploy.Kubernetes;
using Evently.Deploy.Kustomize;
using k8s.Models;

namespace Evently.Deploy.Tests;

/// <summary>
/// The configuration a Deployment hands its service: every variable is one the service's code reads, and nothing the
/// AppHost gives that service (its references, its settings, telemetry) is missing in the cluster.
/// </summary>
[Collection(nameof(PublishedTree))]
public sealed class EnvironmentTests(PublishedTree tree)
{
    public static TheoryData<string> Services => ["gateway", "events", "booking", "waitlist", "analytics", "webhooks"];

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_variable_a_deployment_sets_is_read_by_its_service(string service)
    {
        var sources = new ServiceSources(ProjectFile(service));
        var unread = Environment(service)
            .Where(e => !sources.Reads(e.Name, out _))
            .Select(e => sources.Reads(e.Name, out var why) ? e.Name : $"{e.Name} (looked for {why})")
            .ToList();
        Assert.True(unread.Count == 0, $"{service} sets variables its code does not read:\n  {string.Join("\n  ", unread)}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Nothing_the_service_gets_under_AppHost_is_missing(string service)
    {
        var set = Environment(service).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var project = tree.Model.Project(service);
        var expected = project.Environment.Where(e => !IsOtherLanguageCopy(e.Key, e.Value)).Select(e => e.Key)
            .Concat(["OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var missing = expected.Where(k => !set.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"{service} gets these under AppHost but not in the cluster: {string.Join(", ", missing)}");

        // Each connection name the code asks for, of a server in the model, is given.
        var sources = new ServiceSources(ProjectFile(service));
        var needed = tree.Model.Servers.Select(s => $"ConnectionStrings__{s.Name}").Where(k => sources.Reads(k, out _));
        var unset = needed.Where(k => !set.Contains(k)).ToList();
        Assert.True(unset.Count == 0, $"{service}'s code asks for connection strings the Deployment does not set: {string.Join(", ", unset)}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Addresses_and_connection_strings_name_what_exists_in_the_cluster(string service)
    {
        foreach (var variable in Environment(service))
        {
            if (variable.Name.StartsWith("services__", StringComparison.Ordinal))
            {
                var target = variable.Name.Split("__")[1];
                Assert.Single(tree.Objects<V1Service>(KustomizeTree.Local), s => s.Metadata.Name == target);
                Assert.Equal($"http://{target}:{Names.HttpPort}", variable.Value);
            }
            else if (variable.Name.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
            {
                var server = variable.Name["ConnectionStrings__".Length..];
                Assert.True(tree.Model.IsServer(server), $"{variable.Name}: no server {server}");
                Assert.Contains($"{{{server}.connectionString}}", tree.Model.Project(service).Environment.Values);
                Assert.Equal(server, variable.ValueFrom.SecretKeyRef.Key);
            }
        }
    }

    /// <summary>
    /// The copies Aspire 13 adds for clients in other languages (<c>ConnectionStrings__events_db</c>, <c>EVENTS_HTTP</c>):
    /// a reference written under another key than the one .NET configuration reads for it.
    /// </summary>
    private static bool IsOtherLanguageCopy(string key, string value)
    {
        var match = System.Text.RegularExpressions.Regex.Match(value, @"^\{(?<r>[a-z0-9-]+)\.(?<p>connectionString|bindings\.http\.url)\}$");
        return match.Success && key != (match.Groups["p"].Value == "connectionString"
            ? $"ConnectionStrings__{match.Groups["r"].Value}"
            : $"services__{match.Groups["r"].Value}__http__0");
    }

    private IList<V1EnvVar> Environment(string service) =>
        Assert.Single(tree.Objects<V1Deployment>(KustomizeTree.Local), d => d.Metadata.Name == service).Spec.Template.Spec.Containers.Single().Env;

    private string ProjectFile(string service) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(tree.ManifestPath)!, tree.Model.Project(service).ProjectPath));
}
