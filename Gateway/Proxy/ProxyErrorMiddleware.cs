using Evently.ServiceDefaults;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Evently.Gateway.Proxy;

/// <summary>
/// YARP answers a failed forward with a bare status code; this turns it into problem+json that names the
/// service, so a client sees "the booking service is unavailable" rather than an empty 502.
/// </summary>
public sealed class ProxyErrorMiddleware(RequestDelegate next, IOptions<GatewayOptions> options, ILogger<ProxyErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted
            // The client went away: nobody is left to read an answer.
            || error.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled)
        {
            return;
        }

        var service = context.GetReverseProxyFeature().Cluster?.Config.ClusterId ?? "downstream";
        // YARP already logs the failure with its destination; this only ties it to the answer given.
        logger.LogDebug(error.Exception, "Forwarding to {Service} failed: {Error}", service, error.Error);
        context.Response.Clear();
        IResult result;
        if (IsBodyTooLarge(error.Exception))
        {
            result = RequestBodyLimitMiddleware.TooLarge(options.Value.MaxRequestBodyBytes);
        }
        else if (error.Error is ForwarderError.RequestBodyClient)
        {
            result = EventlyResults.BadRequest("The request body could not be read.");
        }
        else if (error.Error is ForwarderError.RequestTimedOut)
        {
            result = EventlyResults.Problem(StatusCodes.Status504GatewayTimeout,
                $"The {service} service did not answer in time. Please try again.");
        }
        else
        {
            context.Response.Headers.RetryAfter = "5";
            result = EventlyResults.Problem(StatusCodes.Status502BadGateway,
                $"The {service} service is unavailable. Please try again shortly.");
        }

        await result.ExecuteAsync(context);
    }

    private static bool IsBodyTooLarge(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }
}
