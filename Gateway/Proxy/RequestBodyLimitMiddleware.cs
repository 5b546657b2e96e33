using Evently.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Evently.Gateway.Proxy;

/// <summary>
/// Refuses a declared oversized body before anything reads or forwards it. Chunked bodies without a length are
/// still capped by Kestrel's limit while streaming; <see cref="ProxyErrorMiddleware"/> reports those.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBodyBytes;

    public Task InvokeAsync(HttpContext context) =>
        context.Request.ContentLength > _limit
            ? TooLarge(_limit).ExecuteAsync(context)
            : next(context);

    public static IResult TooLarge(long limit) =>
        EventlyResults.Problem(StatusCodes.Status413PayloadTooLarge,
            $"The request body is larger than the {limit / 1024} KB allowed.", "Payload too large");
}
