using System.Security.Claims;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Npgsql;

namespace Evently.WaitlistService.Entries;

/// <summary><c>/api/v1/waitlist</c>: join, list own entries, one entry with its live position, leave.</summary>
public static class WaitlistEndpoints
{
    private const int ListLimit = 100;

    public static IEndpointRouteBuilder MapWaitlistEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/waitlist").RequireAuthorization(EventlyAuth.UserPolicy);
        group.MapPost("", (JoinWaitlist.Request request, ClaimsPrincipal user, JoinWaitlist join, CancellationToken ct) =>
            join.ExecuteAsync(user.UserId(), request, ct));
        group.MapGet("", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapDelete("/{id}", (string id, ClaimsPrincipal user, LeaveWaitlist leave, CancellationToken ct) =>
            Guid.TryParse(id, out var entryId)
                ? leave.ExecuteAsync(entryId, user.UserId(), ct)
                : Task.FromResult(EventlyResults.NotFound("Waitlist entry not found.")));
        return app;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var entries = await WaitlistQueries.ByUserAsync(connection, user.UserId(), ListLimit, ct);
        var views = new List<WaitlistEntryView>(entries.Count);
        foreach (var entry in entries)
        {
            views.Add(await WaitlistQueries.ViewAsync(connection, entry, ct));
        }

        return Results.Ok(new { Entries = views });
    }

    /// <summary>Someone else's entry answers 404 like a missing one: ids of others are not confirmed.</summary>
    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var entryId))
        {
            return EventlyResults.NotFound("Waitlist entry not found.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var entry = await WaitlistQueries.ByIdAsync(connection, entryId, ct);
        return entry is null || (entry.UserId != user.UserId() && !user.IsAdmin())
            ? EventlyResults.NotFound("Waitlist entry not found.")
            : Results.Ok(await WaitlistQueries.ViewAsync(connection, entry, ct));
    }
}
