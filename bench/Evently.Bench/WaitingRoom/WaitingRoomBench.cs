using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Evently.Bench.Booking;
using Evently.Bench.Load;
using Evently.Bench.Report;
using Npgsql;

namespace Evently.Bench.WaitingRoom;

/// <summary>
/// <c>./evently bench waiting-room</c>: one event with its waiting room on, <c>--buyers</c> distinct users who all join
/// at once, poll their tickets as the answers suggest, and book one seat with their pass once admitted. Reports
/// fairness (admission order against join order), time to admission, join throughput, and that nothing was oversold.
/// </summary>
public static class WaitingRoomBench
{
    private sealed class Buyer(Guid userId, AuthenticationHeaderValue auth)
    {
        public Guid UserId { get; } = userId;
        public AuthenticationHeaderValue Auth { get; } = auth;
        public double JoinAnsweredMs { get; set; } = double.NaN;
        public double? PassSeenMs { get; set; }
        public Guid TicketId { get; set; }
        public long FirstPosition { get; set; }
        public int Polls { get; set; }
        public string Outcome { get; set; } = "not_joined";
    }

    public sealed record Percentiles(double P50, double P90, double P99, double Max)
    {
        public static Percentiles Of(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            return new Percentiles(At(0.5), At(0.9), At(0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
        }
    }

    public sealed record Result(WaitingRoomBenchOptions Options, Guid EventId, double JoinWindowSeconds, double JoinsPerSecond,
        Percentiles JoinLatencyMs, int Joined, int Admitted, double AdmittedPerSecond, Percentiles AdmissionSeconds,
        Percentiles ObservedAdmissionSeconds, Fairness Fairness, long Polls, double PollsPerSecond, IReadOnlyDictionary<string, int> Outcomes,
        int SeatsSold, int Oversold, bool Consistent, double TotalSeconds);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = WaitingRoomBenchOptions.Parse(args);
        var total = Stopwatch.StartNew();
        Console.WriteLine($"waiting-room bench: {options.Buyers:N0} buyers, admission {options.RatePerSecond}/s, {options.Capacity:N0} seats, " +
                          $"{options.Connections} client connections");
        await using var system = await BenchSystem.StartAsync();
        Console.WriteLine($"system up in {total.Elapsed.TotalSeconds:0} s at {system.GatewayUrl}");
        using var admin = system.CreateGatewayClient(await BenchApi.AdminTokenAsync(system));
        var eventId = await BenchApi.CreateEventAsync(admin, options.Capacity);
        using (var on = await admin.PutAsJsonAsync($"api/v1/events/{eventId}/waiting-room", new
        {
            enabled = true,
            admission_rate_per_second = options.RatePerSecond,
            pass_seconds = options.PassSeconds,
        }))
        {
            if (on.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"waiting room answered {(int)on.StatusCode}: {await on.Content.ReadAsStringAsync()}");
            }
        }

        var buyers = Enumerable.Range(0, options.Buyers).Select(_ => Guid.NewGuid())
            .Select(id => new Buyer(id, new AuthenticationHeaderValue("Bearer", BenchTokens.Mint(system.JwtKey, id, TimeSpan.FromHours(2)))))
            .ToArray();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { BaseAddress = system.GatewayUrl, Timeout = TimeSpan.FromSeconds(120) };
        // Everyone is expected in after buyers / rate seconds; give the run three times that, plus two minutes.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(3.0 * options.Buyers / options.RatePerSecond + 120));
        var clock = Stopwatch.StartNew();
        var start = new TaskCompletionSource();
        var runs = buyers.Select(b => Task.Run(async () =>
        {
            await start.Task;
            await BuyAsync(client, b, eventId, clock, deadline.Token);
        })).ToArray();
        var joinStarted = clock.Elapsed.TotalMilliseconds;
        start.SetResult();
        await Task.WhenAll(runs);
        var runSeconds = clock.Elapsed.TotalSeconds;

        var rows = new List<(Guid Id, long Number, DateTime JoinedAt, DateTime? AdmittedAt)>();
        for (var i = 0; i < system.BookingShards; i++)
        {
            await using var db = new NpgsqlConnection(system.ConnectionString($"booking-db-{i}"));
            rows.AddRange(await db.QueryAsync<(Guid, long, DateTime, DateTime?)>(
                "SELECT id, number, joined_at, admitted_at FROM queue_tickets WHERE event_id = @eventId", new { eventId }));
        }

        var byTicket = rows.ToDictionary(r => r.Id);
        var joined = buyers.Where(b => byTicket.ContainsKey(b.TicketId)).ToList();
        var admitted = joined.Where(b => byTicket[b.TicketId].AdmittedAt is not null).ToList();
        var fairness = Fairness.Measure([.. admitted.Select(b => b.JoinAnsweredMs)], [.. admitted.Select(b => byTicket[b.TicketId].AdmittedAt!.Value)],
            [.. admitted.Select(b => byTicket[b.TicketId].Number)]);
        var admittedTimes = admitted.Select(b => byTicket[b.TicketId].AdmittedAt!.Value).ToList();
        var admitWindow = admittedTimes.Count < 2 ? 0 : (admittedTimes.Max() - admittedTimes.Min()).TotalSeconds;
        var joinWindow = (joined.Select(b => b.JoinAnsweredMs).DefaultIfEmpty(joinStarted).Max() - joinStarted) / 1000;
        var (sold, oversold, consistent) = await BenchApi.ConsistencyAsync(admin, eventId);
        var polls = buyers.Sum(b => (long)b.Polls);
        var result = new Result(options, eventId, joinWindow, joinWindow > 0 ? joined.Count / joinWindow : 0,
            Percentiles.Of(joined.Select(b => b.JoinAnsweredMs - joinStarted)), joined.Count, admitted.Count,
            admitWindow > 0 ? admitted.Count / admitWindow : 0,
            Percentiles.Of(admitted.Select(b => (byTicket[b.TicketId].AdmittedAt!.Value - byTicket[b.TicketId].JoinedAt).TotalSeconds)),
            Percentiles.Of(admitted.Where(b => b.PassSeenMs is not null).Select(b => (b.PassSeenMs!.Value - b.JoinAnsweredMs) / 1000)),
            fairness, polls, polls / runSeconds,
            buyers.GroupBy(b => b.Outcome).ToDictionary(g => g.Key, g => g.Count()), sold, oversold, consistent, total.Elapsed.TotalSeconds);

        var markdown = Markdown(result);
        Console.WriteLine();
        Console.WriteLine(markdown);
        await ReportWriter.WriteScenarioAsync("waiting-room", markdown, result);
        var booked = result.Outcomes.GetValueOrDefault("booked");
        return oversold == 0 && consistent && sold == booked ? 0 : 1;
    }

    private static async Task BuyAsync(HttpClient client, Buyer buyer, Guid eventId, Stopwatch clock, CancellationToken ct)
    {
        try
        {
            var ticket = await SendAsync(client, buyer, HttpMethod.Post, $"api/v1/events/{eventId}/queue", null, null, ct);
            buyer.JoinAnsweredMs = clock.Elapsed.TotalMilliseconds;
            if (ticket.Status is not (HttpStatusCode.Created or HttpStatusCode.OK))
            {
                buyer.Outcome = $"join_{(int)ticket.Status}";
                return;
            }

            buyer.TicketId = Guid.Parse(ticket.Body!["ticket_id"]!.GetValue<string>());
            buyer.FirstPosition = ticket.Body["position"]!.GetValue<long>();
            while (ticket.Body!["status"]!.GetValue<string>() == "waiting")
            {
                // The server's hint: about half the expected wait, so far-back buyers poll rarely.
                await Task.Delay(Math.Max(100, ticket.Body["poll_after_ms"]!.GetValue<int>()), ct);
                buyer.Polls++;
                ticket = await SendAsync(client, buyer, HttpMethod.Get, $"api/v1/events/{eventId}/queue/{buyer.TicketId}", null, null, ct);
                if (ticket.Status != HttpStatusCode.OK)
                {
                    buyer.Outcome = $"poll_{(int)ticket.Status}";
                    return;
                }
            }

            if (ticket.Body["status"]!.GetValue<string>() != "admitted")
            {
                buyer.Outcome = "pass_expired";
                return;
            }

            buyer.PassSeenMs = clock.Elapsed.TotalMilliseconds;
            var pass = ticket.Body["pass"]!["token"]!.GetValue<string>();
            var booking = await SendAsync(client, buyer, HttpMethod.Post, "api/v1/bookings", new { event_id = eventId, quantity = 1 }, pass, ct);
            buyer.Outcome = booking.Status switch
            {
                HttpStatusCode.Created => "booked",
                HttpStatusCode.Conflict => "sold_out_409",
                _ => $"book_{(int)booking.Status}",
            };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            buyer.Outcome = "deadline";
        }
        catch (HttpRequestException e)
        {
            buyer.Outcome = $"error_{e.HttpRequestError}";
        }
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient client, Buyer buyer, HttpMethod method, string path,
        object? body, string? pass, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = buyer.Auth;
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (pass is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Queue-Pass", pass);
        }

        using var response = await client.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static string Markdown(Result r)
    {
        static string S(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.##", CultureInfo.InvariantCulture);
        var f = r.Fairness;
        var sb = new StringBuilder();
        sb.AppendLine("## Virtual waiting room");
        sb.AppendLine();
        sb.Append(CultureInfo.InvariantCulture,
            $"{r.Options.Buyers:N0} distinct buyers (bearer tokens minted with the system's key) join one event of {r.Options.Capacity:N0} seats at once ");
        sb.Append(CultureInfo.InvariantCulture,
            $"({r.Options.Connections} client connections), poll their tickets as `poll_after_ms` says, and book one seat with their pass once admitted. ");
        sb.Append(CultureInfo.InvariantCulture, $"Admission rate {r.Options.RatePerSecond}/s. Arrival order = the order the joins were answered; ");
        sb.AppendLine("admission order = the server's `admitted_at` (buyers of one admission round tie). Kendall tau 1 = admitted exactly in arrival order; "
            + "out of ticket order = admissions that broke the server's own numbering (must be 0).");
        sb.AppendLine();
        sb.AppendLine("| buyers | joined | joins/s | join p50 / p99 ms | admitted | admitted/s | time to admission p50 / p90 / p99 / max s | seen by client p50 / p99 s | inverted pairs | Kendall tau | max overtakes | out of ticket order | polls/s | outcomes | seats sold | oversold | consistent |");
        sb.AppendLine("| ---: | ---: | ---: | --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |");
        var outcomes = string.Join(", ", r.Outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}"));
        sb.Append(CultureInfo.InvariantCulture,
            $"| {r.Options.Buyers:N0} | {r.Joined:N0} | {r.JoinsPerSecond:N0} | {S(r.JoinLatencyMs.P50)} / {S(r.JoinLatencyMs.P99)} | {r.Admitted:N0} | {r.AdmittedPerSecond:N0} | ");
        sb.Append(CultureInfo.InvariantCulture,
            $"{S(r.AdmissionSeconds.P50)} / {S(r.AdmissionSeconds.P90)} / {S(r.AdmissionSeconds.P99)} / {S(r.AdmissionSeconds.Max)} | ");
        sb.Append(CultureInfo.InvariantCulture,
            $"{S(r.ObservedAdmissionSeconds.P50)} / {S(r.ObservedAdmissionSeconds.P99)} | {f.Inversions:N0} of {f.Pairs:N0} ({100 * f.InversionFraction:0.###} %) | ");
        sb.Append(CultureInfo.InvariantCulture, $"{f.KendallTau:0.####} | {f.MaxOvertakes:N0} | {f.InversionsByTicketNumber} | {r.PollsPerSecond:N0} | ");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{outcomes} | {r.SeatsSold:N0} | {r.Oversold} | {(r.Consistent ? "yes" : "**no**")} |");
        return sb.ToString();
    }
}
