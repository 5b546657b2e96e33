using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace Evently.ServiceDefaults.OpenApi;

/// <summary>
/// A query string or header parameter a handler reads itself (from <c>HttpRequest</c>) rather than binds, so the
/// OpenAPI generator cannot see it. <see cref="DocumentedParametersTransformer"/> adds it to the operation.
/// </summary>
public sealed record ApiParameterMetadata(string Name, ParameterLocation In, string Description, JsonSchemaType Type, string? Format, bool Required);

public static class ApiParameters
{
    public static TBuilder WithQueryParameter<TBuilder>(this TBuilder builder, string name, string description,
        JsonSchemaType type = JsonSchemaType.String, string? format = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiParameterMetadata(name, ParameterLocation.Query, description, type, format, Required: false));

    public static TBuilder WithHeaderParameter<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiParameterMetadata(name, ParameterLocation.Header, description, JsonSchemaType.String, null, Required: false));
}
