namespace Evently.Deploy.Model;

/// <summary>The AppHost's resource graph as read from Aspire's manifest: what the Kubernetes tree is generated from.</summary>
public sealed record AppModel(
    IReadOnlyList<ProjectModel> Projects,
    IReadOnlyList<ServerModel> Servers,
    IReadOnlyList<ParameterModel> Parameters)
{
    public ProjectModel Project(string name) => Projects.Single(p => p.Name == name);

    public bool IsServer(string name) => Servers.Any(s => s.Name == name);

    public bool IsProject(string name) => Projects.Any(p => p.Name == name);
}

/// <summary>
/// A .NET project: its environment as Aspire's manifest writes it (values are literals or <c>{resource.property}</c>
/// expressions), whether its HTTP endpoint is external, and how many replicas the model asks for (null: the manifest does not say).
/// </summary>
public sealed record ProjectModel(string Name, string ProjectPath, IReadOnlyDictionary<string, string> Environment, bool External, int? Replicas);

/// <summary>
/// One of our server resources (Hosting/Servers): PostgreSQL, Redis or RabbitMQ, with the settings it runs with;
/// a PostgreSQL <see cref="Standby"/> streams from another server of the model.
/// </summary>
public sealed record ServerModel(string Name, ServerKind Kind, IReadOnlyList<string> Settings, StandbyModel? Standby = null)
{
    /// <summary>Whose credentials it has: a standby is a clone of its primary, roles and passwords included.</summary>
    public string CredentialsOf => Standby?.Primary ?? Name;
}

/// <summary>A streaming standby: the server it is cloned from and streams from, through the physical replication slot <see cref="Slot"/>.</summary>
public sealed record StandbyModel(string Primary, string Slot);

public enum ServerKind
{
    PostgreSQL,
    Redis,
    RabbitMQ,
}

/// <summary>An AppHost parameter (<c>AddParameter</c>): secret ones are generated at publish time, never written to the manifest.</summary>
public sealed record ParameterModel(string Name, bool Secret, string? Default);
