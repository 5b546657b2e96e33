using System.Globalization;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Evently.Gateway.OpenApi;

/// <summary>Reading and writing OpenAPI 3.1 JSON with Microsoft.OpenApi, the object model the merge works on.</summary>
public static class OpenApiJson
{
    public static string Write(IOpenApiSerializable element)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        element.SerializeAsV31(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    /// <summary>Parses a document, refusing one with errors: a broken part must not be merged silently.</summary>
    public static OpenApiDocument Read(string json, string source)
    {
        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());
        if (result.Document is null || result.Diagnostic?.Errors is { Count: > 0 })
        {
            var errors = result.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? ["no document"];
            throw new InvalidDataException($"The OpenAPI document of {source} is not valid: {string.Join("; ", errors)}");
        }

        return result.Document;
    }
}
