using Evently.ServiceDefaults.OpenApi;
using Microsoft.OpenApi;

namespace Evently.Gateway.OpenApi;

/// <summary>
/// What the gateway itself may answer on any public route, before or instead of a service: a token that is present
/// but invalid (RejectInvalidCredentialsMiddleware), the rate limits, a body over the size limit, and (on proxied
/// routes) a service that cannot be reached or does not answer in time (ProxyErrorMiddleware).
/// </summary>
public static class GatewayResponses
{
    public static void Add(OpenApiOperation operation, OpenApiDocument document, bool proxied)
    {
        ProblemResponses.AddIfMissing(operation, StatusCodes.Status401Unauthorized,
            "The bearer token sent is invalid or expired (a token is never required by this operation unless it says so).",
            document);
        ProblemResponses.AddIfMissing(operation, StatusCodes.Status429TooManyRequests,
            "Rate limited (per user, per client address, stricter for sign-ins); retry after the Retry-After delay.", document);
        if (operation.RequestBody is not null)
        {
            ProblemResponses.AddIfMissing(operation, StatusCodes.Status413PayloadTooLarge, "The request body is larger than the gateway allows.",
                document);
        }

        if (proxied)
        {
            ProblemResponses.AddIfMissing(operation, StatusCodes.Status502BadGateway,
                "The service behind this route is unavailable; retry after the Retry-After delay.", document);
            ProblemResponses.AddIfMissing(operation, StatusCodes.Status504GatewayTimeout,
                "The service behind this route did not answer in time.", document);
        }
    }
}
