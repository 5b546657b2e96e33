using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace Evently.ServiceDefaults.OpenApi;

/// <summary>Error responses in the OpenAPI documents: each one application/problem+json referencing <see cref="ApiProblem"/>.</summary>
public static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    /// <summary>The component every error response references (one shared description of the problem+json body).</summary>
    public const string SchemaId = nameof(ApiProblem);

    /// <summary>Declares the problem answers a route gives itself (its not-founds, conflicts, refusals).</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiProblem), [ContentType]));
        }

        return builder;
    }

    /// <summary>A problem response for errors that are not the route's own (authorization, unreadable bodies, outages).</summary>
    public static OpenApiResponse Create(string description, OpenApiDocument? document) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ContentType] = new() { Schema = new OpenApiSchemaReference(SchemaId, document) },
        },
    };

    /// <summary>Adds <paramref name="status"/> unless the route described it already (its own words win).</summary>
    public static void AddIfMissing(OpenApiOperation operation, int status, string description, OpenApiDocument? document)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), Create(description, document));
    }
}
