using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Evently.Testing;

namespace Evently.Fault.Tests;

/// <summary>
/// A booking load through the gateway that keeps running while a fault happens: each worker books 1–2 seats on one
/// of the events, again and again, until stopped. It remembers every booking the clients saw confirmed (201) and the
/// split of every other answer, which the invariants are checked against afterwards.
/// </summary>
internal sealed class BookingLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Guid, (Guid EventId, int Quantity)> _confirmed = new();
    private readonly ConcurrentDictionary<string, int> _outcomes = new();
    private readonly ConcurrentDictionary<Guid, int> _perEvent = new();
    private readonly ConcurrentQueue<string> _samples = new();
    private readonly Task[] _workers;

    private BookingLoad(EventlySystem system, IReadOnlyList<FaultUser> users, IReadOnlyList<Guid> events, int workers)
    {
        _workers = Enumerable.Range(0, workers)
            .Select(w => Task.Run(() => WorkAsync(system.CreateGatewayClient(), users[w % users.Count], events, w)))
            .ToArray();
    }

    /// <summary>Bookings answered 201: booking id → (event, seats).</summary>
    public IReadOnlyDictionary<Guid, (Guid EventId, int Quantity)> Confirmed => _confirmed;

    /// <summary>Every answer by kind ("201", "409", "503", "connection_error", ...).</summary>
    public IReadOnlyDictionary<string, int> Outcomes => _outcomes;

    public static BookingLoad Start(EventlySystem system, IReadOnlyList<FaultUser> users, IReadOnlyList<Guid> events, int workers = 20) =>
        new(system, users, events, workers);

    public int ConfirmedOn(Guid eventId) => _perEvent.GetValueOrDefault(eventId);

    public int Count(string outcome) => _outcomes.GetValueOrDefault(outcome);

    /// <summary>Waits until <paramref name="more"/> further bookings were confirmed on each of <paramref name="events"/>.</summary>
    public async Task WaitForMoreAsync(IEnumerable<Guid> events, int more, TimeSpan timeout, string because)
    {
        var targets = events.ToDictionary(e => e, e => ConfirmedOn(e) + more);
        await Eventually.UntilAsync(() => targets.All(t => ConfirmedOn(t.Key) >= t.Value), timeout, $"{because} ({Describe()})");
    }

    /// <summary>Waits until <paramref name="count"/> more answers of kind <paramref name="outcome"/> arrived.</summary>
    public Task WaitForOutcomeAsync(string outcome, int count, TimeSpan timeout)
    {
        var target = Count(outcome) + count;
        return Eventually.UntilAsync(() => Count(outcome) >= target, timeout, $"{count} more '{outcome}' answers ({Describe()})");
    }

    public string Describe() =>
        string.Join(", ", _outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}"))
        + (_samples.IsEmpty ? "" : " | samples: " + string.Join(" / ", _samples.Take(5)));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task WorkAsync(HttpClient client, FaultUser user, IReadOnlyList<Guid> events, int worker)
    {
        using (client)
        {
            var random = new Random(worker);
            var auth = new AuthenticationHeaderValue("Bearer", user.Token);
            while (!_stop.IsCancellationRequested)
            {
                var eventId = events[random.Next(events.Count)];
                var quantity = random.Next(1, 3);
                string outcome;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/bookings")
                    {
                        Content = JsonContent.Create(new { event_id = eventId, quantity }),
                    };
                    request.Headers.Authorization = auth;
                    using var response = await client.SendAsync(request, timeout.Token);
                    var text = await response.Content.ReadAsStringAsync(timeout.Token);
                    outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (outcome == "201")
                    {
                        var id = Guid.Parse(JsonNode.Parse(text)!["booking"]!["id"]!.GetValue<string>());
                        _confirmed[id] = (eventId, quantity);
                        _perEvent.AddOrUpdate(eventId, 1, (_, n) => n + 1);
                    }
                    else if (_samples.Count < 20 && outcome != "409")
                    {
                        _samples.Enqueue($"{outcome} {text[..Math.Min(text.Length, 160)]}");
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (OperationCanceledException)
                {
                    outcome = "timeout";
                }
                catch (HttpRequestException)
                {
                    outcome = "connection_error";
                }

                _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            }
        }
    }
}
