using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Evently.ServiceDefaults.OpenApi;

/// <summary>
/// Registers the components the operation transformers refer to: the <see cref="ApiProblem"/> schema (when no route
/// named it itself) and the bearer security scheme (when some operation needs a token).
/// </summary>
internal sealed class ComponentsTransformer : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(ProblemResponses.SchemaId))
        {
            document.Components.Schemas[ProblemResponses.SchemaId] = await context.GetOrCreateSchemaAsync(typeof(ApiProblem), null, cancellationToken);
        }

        var operations = document.Paths?.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []) ?? [];
        if (operations.Any(o => o.Security is { Count: > 0 }))
        {
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[AuthorizationTransformer.SchemeId] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The token from POST /api/v1/auth/login or /api/v1/auth/register, as Authorization: Bearer <token>.",
            };
        }
    }
}
