using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Evently.Hosting.Publishing;

/// <summary>
/// Aspire 13.6's manifest publisher leaves <c>WithReplicas</c> out of a project's entry; a deployment generated from
/// the manifest (Deploy/) needs it. In publish mode only, one more entry, <c>evently-replicas</c>
/// (<c>evently.replicas.v0</c>), maps each project to the replicas its model asks for.
/// </summary>
public static class ReplicasManifest
{
    public const string ResourceName = "evently-replicas";
    public const string Type = "evently.replicas.v0";

    public static IDistributedApplicationBuilder AddReplicasManifest(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            builder.AddResource(new ReplicasResource(ResourceName)).WithManifestPublishingCallback(context =>
            {
                context.Writer.WriteString("type", Type);
                context.Writer.WriteStartObject("projects");
                foreach (var project in builder.Resources.OfType<ProjectResource>())
                {
                    context.Writer.WriteNumber(project.Name, project.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas) ? replicas.Replicas : 1);
                }

                context.Writer.WriteEndObject();
            });
        }

        return builder;
    }

    private sealed class ReplicasResource(string name) : Resource(name);
}
