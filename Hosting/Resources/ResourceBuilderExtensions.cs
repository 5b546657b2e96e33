namespace Evently.Hosting;

/// <summary><c>WaitFor</c>, <c>WithReference</c>, <c>WithEnvironment</c>, <c>WithHttpEndpoint</c> in Aspire's sense.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Starts this resource only once <paramref name="dependency"/> is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency)
        where T : Resource
    {
        builder.Resource.AddWaitFor(dependency.Resource);
        return builder;
    }

    /// <summary>
    /// Runs the resource at a lower CPU priority (niceness 1..19 for its whole session, the unit Linux shares CPU
    /// between): when the machine is saturated the other resources are served first. For work that may lag a burst
    /// without harm, such as the message broker whose messages wait in the outboxes meanwhile.
    /// </summary>
    public static IResourceBuilder<T> WithCpuNice<T>(this IResourceBuilder<T> builder, int nice)
        where T : Resource
    {
        builder.Resource.SetCpuNice(nice);
        return builder;
    }

    /// <summary>
    /// Hands <paramref name="source"/> to the project: <c>ConnectionStrings__{name}</c> for a server,
    /// <c>services__{name}__http__0</c> for a project (service discovery).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<Resource> source)
    {
        builder.Resource.AddReference(source.Resource);
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> builder, string name, string value)
    {
        builder.Resource.SetEnvironment(name, value);
        return builder;
    }

    /// <summary>Serves HTTP on <paramref name="port"/> (null or 0: a free port).</summary>
    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> builder, int? port = null)
    {
        builder.Resource.PrimaryEndpoint.RequestedPort = port;
        return builder;
    }

    /// <summary>Marks the project as the public door: its URL is the one AppHost prints and tests call.</summary>
    public static IResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this IResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.IsExternal = true;
        return builder;
    }
}
