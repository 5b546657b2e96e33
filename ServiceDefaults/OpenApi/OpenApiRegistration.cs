using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace Evently.ServiceDefaults.OpenApi;

/// <summary>
/// Every service describes its public routes (everything under <c>/api/v1</c>) as OpenAPI 3.1 with
/// Microsoft.AspNetCore.OpenApi, in the JSON the service really speaks (snake_case, from the same JsonOptions), and
/// serves it at <c>/openapi/v1.json</c> for the gateway to merge. Internal routes and health stay out.
/// </summary>
public static class OpenApiRegistration
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string PublicPrefix = "api/v1/";

    public static TBuilder AddEventlyOpenApi<TBuilder>(this TBuilder builder, string title) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.ShouldInclude = description => description.RelativePath?.StartsWith(PublicPrefix, StringComparison.Ordinal) == true;
            options.CreateSchemaReferenceId = SchemaNames.Create;
            options.AddOperationTransformer<AuthorizationTransformer>();
            options.AddOperationTransformer<CommonErrorsTransformer>();
            options.AddOperationTransformer<DocumentedParametersTransformer>();
            options.AddDocumentTransformer<ComponentsTransformer>();
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = title, Version = DocumentName };
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary><c>GET /openapi/v1.json</c>: this service's own part of the API, read by the gateway.</summary>
    public static IEndpointRouteBuilder MapEventlyOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        return app;
    }
}
