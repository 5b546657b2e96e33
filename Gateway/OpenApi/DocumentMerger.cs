using Microsoft.OpenApi;

namespace Evently.Gateway.OpenApi;

/// <summary>One service's document (or the gateway's own), named by where it came from.</summary>
public sealed record DocumentPart(string Source, OpenApiDocument Document, bool Proxied);

/// <summary>
/// Merges the services' documents and the gateway's own into the public API's: every <c>/api/v1</c> path, the
/// components they reference, and the tags. Names are unique across services by construction (ServiceDefaults'
/// SchemaNames), so two parts may share a component only if it is the same (ApiProblem, the bearer scheme); anything
/// else that clashes (a path, an operationId, a different component under one name) is a bug and fails loudly.
/// </summary>
public static class DocumentMerger
{
    public const string PublicPrefix = "/api/v1/";

    public static OpenApiDocument Merge(IReadOnlyList<DocumentPart> parts)
    {
        var merged = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = "Evently API",
                Version = "v1",
                Description = "Event ticketing: browse events, book seats (or hold them for a checkout), tickets and check-in, " +
                    "waitlists, a virtual waiting room for on-sales, webhooks, analytics. JSON is snake_case, times are " +
                    "ISO-8601 UTC, ids are UUIDs. Every error is application/problem+json (ApiProblem).",
            },
            Paths = new OpenApiPaths(),
            Components = new OpenApiComponents
            {
                Schemas = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
                SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal),
            },
            Tags = new HashSet<OpenApiTag>(),
        };

        var pathOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        var operationIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            foreach (var (path, item) in part.Document.Paths ?? new OpenApiPaths())
            {
                if (!path.StartsWith(PublicPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!pathOwners.TryAdd(path, part.Source))
                {
                    throw new InvalidOperationException($"{path} is described by both {pathOwners[path]} and {part.Source}.");
                }

                foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
                {
                    if (operation.OperationId is { } id && !operationIds.TryAdd(id, part.Source))
                    {
                        throw new InvalidOperationException($"operationId {id} is used by both {operationIds[id]} and {part.Source}.");
                    }

                    GatewayResponses.Add(operation, merged, part.Proxied);
                }

                merged.Paths[path] = item;
            }

            Union(merged.Components.Schemas, part.Document.Components?.Schemas, part.Source, "schema");
            Union(merged.Components.SecuritySchemes, part.Document.Components?.SecuritySchemes, part.Source, "security scheme");
            foreach (var tag in part.Document.Tags ?? new HashSet<OpenApiTag>())
            {
                if (merged.Tags.All(t => t.Name != tag.Name))
                {
                    merged.Tags.Add(tag);
                }
            }
        }

        return merged;
    }

    private static void Union<T>(IDictionary<string, T> into, IDictionary<string, T>? from, string source, string kind)
        where T : IOpenApiSerializable
    {
        foreach (var (name, component) in from ?? new Dictionary<string, T>())
        {
            if (into.TryGetValue(name, out var existing))
            {
                if (OpenApiJson.Write(existing) != OpenApiJson.Write(component))
                {
                    throw new InvalidOperationException(
                        $"The {kind} {name} of {source} differs from another service's {kind} of that name; rename one of the types.");
                }

                continue;
            }

            into[name] = component;
        }
    }
}
