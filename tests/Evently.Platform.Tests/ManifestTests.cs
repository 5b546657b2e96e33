using System.Text.Json.Nodes;
using Evently.Testing;

namespace Evently.Platform.Tests;

/// <summary>The AppHost's model, as Aspire's manifest publisher writes it: every server and service, with its references.</summary>
public sealed class ManifestTests : IDisposable
{
    private static readonly string[] Databases = ["identity-db", "events-db", "events-db-replica", "booking-db-0", "booking-db-1", "booking-db-2", "booking-db-3", "waitlist-db", "analytics-db", "webhooks-db"];
    private readonly string _output = Path.Combine(Path.GetTempPath(), "evently-manifest-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Publishes_every_server_and_service_with_its_references()
    {
        var path = await AppHostProcess.PublishManifestAsync(_output, TimeSpan.FromSeconds(120));
        var resources = JsonNode.Parse(await File.ReadAllTextAsync(path))!["resources"]!.AsObject();

        foreach (var server in Databases.Append("cache").Append("messaging"))
        {
            var resource = resources[server] ?? throw new Xunit.Sdk.XunitException($"{server} is not in the manifest");
            Assert.Equal("executable.v0", resource["type"]!.GetValue<string>());
            Assert.Contains($"{{{server}.bindings.tcp.port}}", resource["connectionString"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal("/usr/bin/epmd", resources["messaging-epmd"]!["command"]!.GetValue<string>());

        AssertReferences(resources, "gateway", ["identity-db", "cache"], ["events", "booking", "waitlist", "analytics", "webhooks"]);
        AssertReferences(resources, "events", ["events-db", "events-db-replica", "cache", "messaging"], []);
        AssertReferences(resources, "booking", ["booking-db-0", "booking-db-1", "booking-db-2", "booking-db-3", "cache", "messaging"], ["events"]);
        AssertReferences(resources, "waitlist", ["waitlist-db", "cache", "messaging"], ["booking"]);
        AssertReferences(resources, "analytics", ["analytics-db", "cache", "messaging"], ["events", "booking", "waitlist", "webhooks", "gateway"]);
        AssertReferences(resources, "webhooks", ["webhooks-db", "cache", "messaging"], []);
        Assert.Equal("{jwt-key.value}", resources["booking"]!["env"]!["Jwt__Key"]!.GetValue<string>());
        Assert.True(resources["jwt-key"]!["inputs"]!["value"]!["secret"]!.GetValue<bool>());
    }

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    private static void AssertReferences(JsonObject resources, string project, string[] servers, string[] services)
    {
        var resource = resources[project] ?? throw new Xunit.Sdk.XunitException($"{project} is not in the manifest");
        Assert.Equal("project.v0", resource["type"]!.GetValue<string>());
        var env = resource["env"]!.AsObject();
        foreach (var server in servers)
        {
            Assert.Equal($"{{{server}.connectionString}}", env[$"ConnectionStrings__{server}"]?.GetValue<string>());
        }

        foreach (var service in services)
        {
            Assert.Equal($"{{{service}.bindings.http.url}}", env[$"services__{service}__http__0"]?.GetValue<string>());
        }
    }
}
