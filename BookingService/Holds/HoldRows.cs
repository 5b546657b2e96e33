using Dapper;
using Npgsql;

namespace Evently.BookingService.Holds;

/// <summary>Reads of one hold.</summary>
public static class HoldRows
{
    public static Task<HoldRecord?> ByIdAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<HoldRecord>(new CommandDefinition(
            $"SELECT {HoldRecord.Columns} FROM holds WHERE id = @id", new { id }, tx, cancellationToken: ct));

    public static HoldRecord? ById(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid id) =>
        connection.QuerySingleOrDefault<HoldRecord>($"SELECT {HoldRecord.Columns} FROM holds WHERE id = @id", new { id }, tx);

    /// <summary>Microseconds, as PostgreSQL keeps them, so what is answered is what is stored.</summary>
    public static DateTime Truncate(DateTime t) => t.AddTicks(-(t.Ticks % 10));
}
