using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Evently.ServiceDefaults;

/// <summary>
/// Every error is application/problem+json carrying <c>"success": false</c> and <c>"error"</c>,
/// so clients of the original demo keep working. Bad input is a 4xx with a clear message, never a 500.
/// </summary>
public static class ProblemDetailsDefaults
{
    /// <summary>What a 503 problem answer sends as <c>Retry-After</c>: long enough for a restarted server to come back.</summary>
    public const int RetryAfterSeconds = 5;

    private static readonly string RetryAfterHeader = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

    private static readonly Dictionary<int, string> ExtraTypes = new()
    {
        [StatusCodes.Status410Gone] = "https://tools.ietf.org/html/rfc9110#section-15.5.11",
        [StatusCodes.Status413PayloadTooLarge] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [StatusCodes.Status422UnprocessableEntity] = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        [StatusCodes.Status429TooManyRequests] = "https://tools.ietf.org/html/rfc6585#section-4",
    };

    public static IServiceCollection AddEventlyProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var problem = ctx.ProblemDetails;
            // ASP.NET Core knows a type URI for most statuses, not all (410, 413, 429): a client can always rely on one.
            problem.Type ??= ExtraTypes.GetValueOrDefault(problem.Status ?? 0, "about:blank");
            problem.Extensions.Remove("traceId");
            problem.Extensions["success"] = false;
            problem.Extensions["error"] = problem.Detail ?? problem.Title;
            if (System.Diagnostics.Activity.Current?.TraceId is { } traceId)
            {
                problem.Extensions["trace_id"] = traceId.ToString();
            }

            // A 503 means a dependency (a database, a shard, Redis) is down for now; saying when to come back here,
            // once, covers the endpoints' own 503s and the exception handler's alike.
            if (ctx.HttpContext.Response.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                ctx.HttpContext.Response.Headers.RetryAfter = RetryAfterHeader;
            }
        });
        // Binding failures throw so the exception handler can explain them instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadInputExceptionHandler>();
        return services;
    }

    /// <summary>Exception handler, then status-code pages, both answering problem+json.</summary>
    public static WebApplication UseEventlyProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>Maps request-shaped exceptions to 4xx, and unreachable databases to 503.</summary>
    private sealed class BadInputExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            var (status, title, detail) = exception switch
            {
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                    (StatusCodes.Status413PayloadTooLarge, "Payload too large", "The request body is larger than allowed."),
                BadHttpRequestException bad when bad.InnerException is JsonException json =>
                    (StatusCodes.Status400BadRequest, "Invalid JSON", DescribeJsonError(json)),
                BadHttpRequestException bad =>
                    (bad.StatusCode, "Bad request", bad.Message),
                JsonException json =>
                    (StatusCodes.Status400BadRequest, "Invalid JSON", DescribeJsonError(json)),
                NpgsqlException { IsTransient: true } or TimeoutException =>
                    (StatusCodes.Status503ServiceUnavailable, "Service unavailable", "A database needed for this request is unavailable. Please try again shortly."),
                OperationCanceledException when context.RequestAborted.IsCancellationRequested =>
                    (499, "Client closed request", "The request was cancelled."),
                _ => (0, "", ""),
            };
            if (status == 0)
            {
                return false;
            }

            context.Response.StatusCode = status;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = { Status = status, Title = title, Detail = detail },
            });
        }

        private static string DescribeJsonError(JsonException json) =>
            json.Path is { Length: > 0 } path
                ? $"The request body is not valid JSON for this endpoint (at {path})."
                : "The request body is not valid JSON for this endpoint.";
    }
}
