using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Evently.Hosting.Publishing;

/// <summary>
/// Aspire 13.6's manifest publisher leaves <c>WithReplicas</c> out of a project's entry; a deployment generated from
/// the manifest (Deploy/) needs it. In publish mode only, one more entry, <c>evently-replicas</c>
/// (<c>evently.replicas.v0</c>), maps each project that has <c>WithReplicas</c> to its count.
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
                // Only what the model says: a project without WithReplicas gets the deployment's own default.
                foreach (var project in builder.Resources.OfType<ProjectResource>())
                {
                    if (project.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas))
                    {
                        context.Writer.WriteNumber(project.Name, replicas.Replicas);
                    }
                }

                context.Writer.WriteEndObject();
            });
        }

        return builder;
    }

    private sealed class ReplicasResource(string name) : Resource(name);
}
