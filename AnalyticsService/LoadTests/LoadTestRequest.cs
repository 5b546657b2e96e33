using System.Text.Json;
using Evently.ServiceDefaults;

namespace Evently.AnalyticsService.LoadTests;

/// <summary>
/// What an admin asks for. The seed sends camelCase (<c>concurrentUsers</c>), the API speaks snake_case
/// (<c>concurrent_users</c>): both are read. Bounds keep a test from becoming an attack on the system itself.
/// </summary>
public sealed record LoadTestRequest(int ConcurrentUsers, int DurationSeconds, LoadTestTarget Target)
{
    public const int MaxConcurrentUsers = 10_000;
    public const int MaxDurationSeconds = 300;
    public const string DefaultTarget = "/api/v1/events";

    /// <summary>The body as documented (snake_case; the seed's camelCase names are read too).</summary>
    /// <param name="ConcurrentUsers">Simulated users, 1 to 10,000.</param>
    /// <param name="Duration">Seconds, 1 to 300.</param>
    /// <param name="TargetEndpoint">A GET path of the public API to load (default /api/v1/events).</param>
    public sealed record Body(int ConcurrentUsers, int Duration, string? TargetEndpoint);

    /// <returns>The request, or the problem to answer with (400).</returns>
    public static (LoadTestRequest? Request, IResult? Problem) Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, EventlyResults.BadRequest("The request body must be a JSON object."));
        }

        var errors = new Dictionary<string, string[]>();
        var users = ReadInt(body, errors, "concurrent_users", "concurrentUsers", 1, MaxConcurrentUsers, required: true);
        var duration = ReadInt(body, errors, "duration", "duration", 1, MaxDurationSeconds, required: true);
        var target = DefaultTarget;
        if (Find(body, "target_endpoint", "targetEndpoint") is { } t)
        {
            if (t.ValueKind != JsonValueKind.String)
            {
                errors["target_endpoint"] = ["target_endpoint must be a string."];
            }
            else
            {
                target = t.GetString()!;
            }
        }

        var parsedTarget = LoadTestTarget.Parse(target, out var targetError);
        if (targetError is not null)
        {
            errors["target_endpoint"] = [targetError];
        }

        return errors.Count > 0
            ? (null, EventlyResults.Validation(errors))
            : (new LoadTestRequest(users, duration, parsedTarget!), null);
    }

    private static JsonElement? Find(JsonElement body, string snake, string camel) =>
        body.TryGetProperty(snake, out var v) || body.TryGetProperty(camel, out v) ? v : null;

    private static int ReadInt(JsonElement body, Dictionary<string, string[]> errors, string snake, string camel, int min, int max, bool required)
    {
        var value = Find(body, snake, camel);
        if (value is null)
        {
            if (required)
            {
                errors[snake] = [$"{snake} is required."];
            }

            return 0;
        }

        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetInt64(out var number))
        {
            errors[snake] = [$"{snake} must be a whole number."];
            return 0;
        }

        if (number < min || number > max)
        {
            errors[snake] = [$"{snake} must be between {min} and {max}."];
            return 0;
        }

        return (int)number;
    }
}
