using System.Diagnostics;
using Evently.Client.Models;
using Microsoft.Kiota.Abstractions;

namespace Evently.Demo.Steps;

/// <summary>
/// Numbers and times each step and prints one line for it: <c>[ok] 3. Name: result (41 ms)</c>, or
/// <c>[FAILED]</c> with the problem's status, title and detail and the trace id to look up in the dashboard.
/// The first failure ends the demonstration: later steps build on earlier ones.
/// </summary>
public sealed class StepRunner(TextWriter output, TraceIds traces)
{
    private int _number;

    public int Passed { get; private set; }

    public async Task<T> RunAsync<T>(string name, Func<Task<(T Value, string Result)>> step)
    {
        var number = ++_number;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var (value, result) = await step();
            output.WriteLine($"[ok] {number}. {name}: {result} ({Ms(started)})");
            Passed++;
            return value;
        }
        catch (Exception e)
        {
            var problem = Describe(e);
            output.WriteLine($"[FAILED] {number}. {name}: {problem.Text} ({Ms(started)})");
            output.WriteLine($"         trace id: {problem.TraceId ?? "(none: the request did not reach the gateway)"}");
            throw new DemoStoppedException(number, name, e);
        }
    }

    public Task RunAsync(string name, Func<Task<string>> step) =>
        RunAsync(name, async () => (true, await step()));

    private (string Text, string? TraceId) Describe(Exception e) => e switch
    {
        // A problem+json answer: what the API said, and the trace id it gave (the one the demo started, continued).
        ApiProblem p => ($"{p.Status ?? p.ResponseStatusCode} {p.Title}: {p.Detail}", p.TraceId ?? traces.Last),
        ApiException a => ($"HTTP {a.ResponseStatusCode}: {a.Message}", traces.Last),
        StepFailedException f => (f.Message, traces.Last),
        // Nothing answered, so no trace of it exists to look up.
        HttpRequestException h => ($"the gateway could not be reached: {h.Message}", null),
        TaskCanceledException or TimeoutException => ($"no answer in time: {e.Message}", traces.Last),
        // A bug of the demo's, or an answer it could not read: still a failed step, said as such.
        _ => ($"unexpected {e.GetType().Name}: {e.Message}", traces.Last),
    };

    private static string Ms(long started) => $"{Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms";
}

/// <summary>A step failed and was reported; the demonstration stops there.</summary>
public sealed class DemoStoppedException(int step, string name, Exception cause)
    : Exception($"Step {step} ({name}) failed.", cause)
{
    public int Step { get; } = step;
}
