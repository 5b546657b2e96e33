using System.Security.Claims;
using Evently.ServiceDefaults;
using Evently.ServiceDefaults.Auth;
using Evently.ServiceDefaults.OpenApi;
using Npgsql;

namespace Evently.WaitlistService.Entries;

/// <summary><c>/api/v1/waitlist</c>: join, list own entries, one entry with its live position, leave.</summary>
public static class WaitlistEndpoints
{
    private const int ListLimit = 100;

    public static IEndpointRouteBuilder MapWaitlistEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/waitlist").RequireAuthorization(EventlyAuth.UserPolicy).WithTags("Waitlist");
        group.MapPost("", (JoinWaitlist.Request request, ClaimsPrincipal user, JoinWaitlist join, CancellationToken ct) =>
                join.ExecuteAsync(user.UserId(), request, ct))
            .WithName("JoinWaitlist").WithSummary("Join an event's waitlist")
            .WithDescription("Only when the seats asked for cannot be booked now (409 otherwise). 201 with the new entry and its " +
                "position, or 200 with the user's entry for the event if there already is one.")
            .Produces<WaitlistEntryView>(StatusCodes.Status201Created)
            .Produces<WaitlistEntryView>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("", ListAsync)
            .WithName("ListWaitlistEntries").WithSummary("List the caller's waitlist entries")
            .WithDescription("Newest first (at most 100), each with its live position while it is waiting.")
            .Produces<WaitlistEntriesResponse>();
        group.MapGet("/{id}", GetAsync)
            .WithName("GetWaitlistEntry").WithSummary("Get a waitlist entry")
            .WithDescription("With its live position while waiting. Its owner's (or an admin's); anyone else gets 404.")
            .Produces<WaitlistEntryView>()
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", (string id, ClaimsPrincipal user, LeaveWaitlist leave, CancellationToken ct) =>
                Guid.TryParse(id, out var entryId)
                    ? leave.ExecuteAsync(entryId, user.UserId(), ct)
                    : Task.FromResult(EventlyResults.NotFound("Waitlist entry not found.")))
            .WithName("LeaveWaitlist").WithSummary("Leave a waitlist")
            .WithDescription("An entry that already became a booking cannot be left (409): cancel the booking instead.")
            .Produces<WaitlistEntryView>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
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

        return Results.Ok(new WaitlistEntriesResponse(views));
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
