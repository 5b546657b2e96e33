namespace Evently.Bench.Report;

/// <summary>Names an answer for the load generator's outcome split.</summary>
public static class Classify
{
    public static Task<string> Plain(HttpResponseMessage response) => Task.FromResult(Status((int)response.StatusCode));

    public static string Status(int status) => status switch
    {
        >= 200 and < 300 => "ok",
        429 => "rate_limited_429",
        >= 500 => $"server_{status}",
        _ => $"client_{status}",
    };
}
