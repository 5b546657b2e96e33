using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace Evently.ServiceDefaults.OpenApi;

/// <summary>
/// Component names unique across every service, since the gateway merges their documents: a nested type is named
/// with its container (<c>JoinWaitlist.Request</c> → <c>JoinWaitlistRequest</c>, <c>BookingEndpoints.CreateBookingBody</c>
/// → <c>BookingCreateBookingBody</c>), as two services' <c>Request</c>s would otherwise collide. A container whose name
/// already ends with the type's gives its own name (<c>AnalyticsReport.Report</c> → <c>AnalyticsReport</c>, not
/// <c>AnalyticsReportReport</c>): the generated client's type names read as the API speaks. Free-form JSON
/// (<c>JsonNode</c>, <c>JsonObject</c>) stays inline where it is used: a shared component would name a model after a
/// .NET type in every client generated from the document.
/// </summary>
public static class SchemaNames
{
    private const string EndpointsSuffix = "Endpoints";

    public static string? Create(JsonTypeInfo info)
    {
        if (info.Type.Namespace == typeof(JsonNode).Namespace)
        {
            return null;
        }

        var id = OpenApiOptions.CreateDefaultSchemaReferenceId(info);
        if (id is null || info.Type.DeclaringType is not { } container)
        {
            return id;
        }

        var prefix = container.Name.EndsWith(EndpointsSuffix, StringComparison.Ordinal) && container.Name.Length > EndpointsSuffix.Length
            ? container.Name[..^EndpointsSuffix.Length]
            : container.Name;
        return prefix.EndsWith(id, StringComparison.Ordinal) ? prefix : prefix + id;
    }
}
