namespace Evently.Hosting;

/// <summary>Resource type names as the dashboard shows them.</summary>
public static class ResourceTypes
{
    public const string PostgreSQL = "PostgreSQL";
    public const string Redis = "Redis";
    public const string RabbitMQ = "RabbitMQ";
    public const string Project = "Project";
}
