using Microsoft.AspNetCore.Http;

namespace Evently.ServiceDefaults;

/// <summary>Problem+json results with the demo-compatible <c>success</c>/<c>error</c> fields (added by the problem details customizer).</summary>
public static class EventlyResults
{
    public static IResult Problem(int status, string detail, string? title = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title ?? ReasonPhrase(status));

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, detail);

    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, detail);

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, detail);

    public static IResult ServiceUnavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, detail);

    /// <summary>400 with field-level errors: <c>errors: { field: [messages] }</c>.</summary>
    public static IResult Validation(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, detail: string.Join(" ", errors.SelectMany(e => e.Value)), title: "Validation failed");

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
