using System.Text.Json.Nodes;

namespace Evently.Deploy.Model;

/// <summary>
/// Reads <c>aspire-manifest.json</c> (<c>--publisher manifest</c>). Servers are the executables that carry
/// <c>evently.server</c> (Hosting/Servers/ServerManifest.cs); other executables (the broker's port mapper) have no
/// place in a cluster, where each server is its own image.
/// </summary>
public static class ManifestReader
{
    private const string StandbySuffix = " standby";

    private const string SlotSetting = "primary_slot_name=";

    public static AppModel Read(string path)
    {
        var resources = JsonNode.Parse(File.ReadAllText(path))?["resources"]?.AsObject()
            ?? throw new InvalidDataException($"{path} has no resources.");
        var projects = new List<ProjectModel>();
        var servers = new List<ServerModel>();
        var parameters = new List<ParameterModel>();
        // Aspire leaves WithReplicas out of a project's entry; AppHost writes them here (Hosting/Publishing/ReplicasManifest.cs).
        var replicas = resources.Select(r => r.Value).OfType<JsonObject>()
            .FirstOrDefault(r => r["type"]?.GetValue<string>() == "evently.replicas.v0")?["projects"]?.AsObject();
        foreach (var (name, node) in resources)
        {
            var resource = node!.AsObject();
            switch (resource["type"]?.GetValue<string>())
            {
                case "project.v0" or "project.v1":
                    projects.Add(ReadProject(name, resource, replicas?[name]?.GetValue<int>()));
                    break;
                case "executable.v0" when resource["evently.server"] is JsonObject server:
                    servers.Add(ReadServer(name, resource, server));
                    break;
                case "parameter.v0":
                    parameters.Add(new ParameterModel(name,
                        resource["inputs"]?["value"]?["secret"]?.GetValue<bool>() ?? false,
                        resource["inputs"]?["value"]?["default"]?["value"]?.GetValue<string>()));
                    break;
            }
        }

        foreach (var standby in servers.Where(s => s.Standby is not null))
        {
            _ = servers.SingleOrDefault(s => s.Name == standby.Standby!.Primary && s is { Kind: ServerKind.PostgreSQL, Standby: null })
                ?? throw new InvalidDataException($"{standby.Name} streams from {standby.Standby!.Primary}, which is no PostgreSQL primary of the manifest.");
        }

        return new AppModel(projects, servers, parameters);
    }

    private static ProjectModel ReadProject(string name, JsonObject resource, int? replicas)
    {
        var env = resource["env"]?.AsObject().ToDictionary(e => e.Key, e => e.Value!.GetValue<string>(), StringComparer.Ordinal)
            ?? [];
        var external = resource["bindings"]?.AsObject().Any(b => b.Value?["external"]?.GetValue<bool>() == true) ?? false;
        return new ProjectModel(name, resource["path"]!.GetValue<string>(), env, external, replicas);
    }

    private static ServerModel ReadServer(string name, JsonObject resource, JsonObject server)
    {
        var kindName = server["kind"]!.GetValue<string>();
        // Hosting's PostgresServerResource: "PostgreSQL", or "PostgreSQL standby" with the primary it streams from.
        var isStandby = kindName.EndsWith(StandbySuffix, StringComparison.Ordinal);
        if (!Enum.TryParse<ServerKind>(isStandby ? kindName[..^StandbySuffix.Length] : kindName, out var kind) || (isStandby && kind != ServerKind.PostgreSQL))
        {
            throw new InvalidDataException($"{name}: server kind '{kindName}' has no Kubernetes translation.");
        }

        var args = resource["args"]?.AsArray().Select(a => a!.GetValue<string>()).ToList() ?? [];
        var settings = kind == ServerKind.PostgreSQL ? PostgresSettings(args) : [];
        if (!isStandby)
        {
            return new ServerModel(name, kind, settings);
        }

        var primary = server["primary"]?.GetValue<string>() ?? throw new InvalidDataException($"{name}: a standby without evently.server.primary.");
        // AppHost's primary_conninfo names a loopback port of its own run; in the cluster the clone writes it
        // (pg_basebackup -R, the primary's Service), with the slot, so both leave the settings here.
        var slot = settings.SingleOrDefault(s => s.StartsWith(SlotSetting, StringComparison.Ordinal))?[SlotSetting.Length..]
            ?? throw new InvalidDataException($"{name}: a standby without {SlotSetting}.");
        settings.RemoveAll(s => s.StartsWith(SlotSetting, StringComparison.Ordinal) || s.StartsWith("primary_conninfo=", StringComparison.Ordinal));
        return new ServerModel(name, kind, settings, new StandbyModel(primary, slot));
    }

    /// <summary>
    /// The <c>-c name=value</c> settings AppHost starts PostgreSQL with (those after the <c>postgres</c> binary), so the
    /// cluster runs the same server; the listen address is the pod's business, not loopback's.
    /// </summary>
    private static List<string> PostgresSettings(List<string> args)
    {
        var start = args.FindIndex(a => a.EndsWith("/postgres", StringComparison.Ordinal));
        var settings = new List<string>();
        for (var i = start + 1; start >= 0 && i + 1 < args.Count; i++)
        {
            if (args[i] == "-c" && !args[i + 1].StartsWith("listen_addresses=", StringComparison.Ordinal))
            {
                settings.Add(args[++i]);
            }
        }

        return settings;
    }
}
