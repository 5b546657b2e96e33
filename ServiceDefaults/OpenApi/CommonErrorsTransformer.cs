using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Evently.ServiceDefaults.OpenApi;

/// <summary>
/// The errors any operation of a service can answer besides its own, as <see cref="ProblemDetailsDefaults"/> sends
/// them: a body that is not valid JSON for the operation (400), and a database the request needs being down (503).
/// </summary>
internal sealed class CommonErrorsTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body))
        {
            ProblemResponses.AddIfMissing(operation, StatusCodes.Status400BadRequest,
                "The body is not valid JSON for this operation, or a field is missing, malformed or out of range (see errors).",
                context.Document);
        }

        ProblemResponses.AddIfMissing(operation, StatusCodes.Status503ServiceUnavailable,
            "A server this request needs is unavailable right now; nothing was changed. Retry after the Retry-After delay.",
            context.Document);
        return Task.CompletedTask;
    }
}
