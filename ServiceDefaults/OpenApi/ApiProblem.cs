using System.ComponentModel;

namespace Evently.ServiceDefaults.OpenApi;

// The wire shape of every error as ProblemDetailsDefaults writes it. It exists so the OpenAPI documents describe that
// shape once, as one component every error response references; nothing serializes it. (Its XML summary is what the
// document shows, so it speaks to the API's readers.)

/// <summary>
/// An error, as application/problem+json (RFC 9457) with the fields every Evently error carries: the demo's
/// <c>success</c> and <c>error</c>, and the request's trace id.
/// </summary>
public sealed class ApiProblem
{
    [Description("A URI reference naming the kind of problem (the RFC section of the status, or about:blank).")]
    public required string Type { get; init; }

    [Description("A short summary of the kind of problem, such as \"Not Found\".")]
    public required string Title { get; init; }

    [Description("The HTTP status code, repeated in the body.")]
    public required int Status { get; init; }

    [Description("What went wrong in this request, meant for people (e.g. \"Only 47 seats available\").")]
    public required string Detail { get; init; }

    [Description("Always false: kept for clients of the original demo.")]
    public required bool Success { get; init; }

    [Description("The same text as detail: kept for clients of the original demo.")]
    public required string Error { get; init; }

    [Description("The W3C trace id of the request, to find it in the traces and logs.")]
    public required string TraceId { get; init; }

    [Description("Validation errors only: each offending field with its messages.")]
    public IDictionary<string, string[]>? Errors { get; init; }
}
