using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Evently.Hosting.Servers;

/// <summary>
/// What a server is, in Aspire's manifest: Aspire writes an executable as a command line only, so a deployment
/// generator (Deploy/, the Kubernetes tree) could not tell a PostgreSQL from a Redis. The entry stays the
/// <c>executable.v0</c> Aspire would write, plus <c>evently.server</c> with the kind (and, for a standby, the
/// <c>primary</c> it streams from: its command line names only a loopback port).
/// </summary>
internal static class ServerManifest
{
    public const string Property = "evently.server";

    public static IResourceBuilder<T> WithServerManifest<T>(this IResourceBuilder<T> builder) where T : ServerResource =>
        builder.WithManifestPublishingCallback(async context =>
        {
            var server = builder.Resource;
            var writer = context.Writer;
            writer.WriteString("type", "executable.v0");
            context.WriteConnectionString(server);
            writer.WriteString("workingDirectory", context.GetManifestRelativePath(server.WorkingDirectory));
            writer.WriteString("command", server.Command);
            await context.WriteCommandLineArgumentsAsync(server).ConfigureAwait(false);
            await context.WriteEnvironmentVariablesAsync(server).ConfigureAwait(false);
            context.WriteBindings(server);
            writer.WriteStartObject(Property);
            writer.WriteString("kind", server.Kind);
            if (server is PostgresServerResource { Primary: { } primary })
            {
                writer.WriteString("primary", primary.Name);
            }

            writer.WriteEndObject();
        });
}
