using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Evently.ServiceDefaults.OpenApi;

/// <summary>Adds the parameters declared with <see cref="ApiParameters"/> that the generator could not infer.</summary>
internal sealed class DocumentedParametersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var declared in context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiParameterMetadata>())
        {
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.In == declared.In && string.Equals(p.Name, declared.Name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            operation.Parameters.Add(new OpenApiParameter
            {
                Name = declared.Name,
                In = declared.In,
                Description = declared.Description,
                Required = declared.Required,
                Schema = new OpenApiSchema { Type = declared.Type, Format = declared.Format },
            });
        }

        return Task.CompletedTask;
    }
}
