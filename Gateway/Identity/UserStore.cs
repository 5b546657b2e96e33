using Dapper;
using Npgsql;

namespace Evently.Gateway.Identity;

/// <summary>SQL over <c>users</c> in identity-db. Emails are matched case-insensitively through <c>lower(email)</c>.</summary>
public sealed class UserStore(NpgsqlDataSource db)
{
    private const string Columns =
        "id AS Id, email AS Email, name AS Name, password_hash AS PasswordHash, role AS Role, created_at AS CreatedAt, " +
        "array_to_string(granted_roles, ',') AS GrantedRoles";

    public async Task<User?> FindByEmailAsync(string email, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<User>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE lower(email) = lower(@email)", new { email }, cancellationToken: ct));
    }

    public async Task<User?> FindByIdAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<User>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>Inserts a new user; null when the email is already taken (in any letter case).</summary>
    public async Task<User?> TryInsertAsync(string email, string name, string passwordHash, string role, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<User>(new CommandDefinition(
            $"""
            INSERT INTO users (id, email, name, password_hash, role)
            VALUES (@id, @email, @name, @passwordHash, @role)
            ON CONFLICT ((lower(email))) DO NOTHING
            RETURNING {Columns}
            """,
            new { id = Guid.CreateVersion7(), email, name, passwordHash, role }, cancellationToken: ct));
    }

    /// <summary>Creates the account, or makes the existing one an admin with this password.</summary>
    public async Task UpsertAdminAsync(string email, string name, string passwordHash, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO users (id, email, name, password_hash, role)
            VALUES (@id, @email, @name, @passwordHash, 'admin')
            ON CONFLICT ((lower(email))) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = 'admin'
            """,
            new { id = Guid.CreateVersion7(), email, name, passwordHash }, cancellationToken: ct));
    }

    public async Task UpdatePasswordHashAsync(Guid id, string passwordHash, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @passwordHash WHERE id = @id", new { id, passwordHash }, cancellationToken: ct));
    }

    /// <summary>Grants (or revokes) a role; idempotent.</summary>
    /// <returns>The user afterwards, or null when there is no such user.</returns>
    public async Task<User?> SetGrantedRoleAsync(Guid id, string role, bool granted, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<User>(new CommandDefinition(
            $"""
            UPDATE users SET granted_roles = CASE
                WHEN @granted THEN (SELECT array_agg(DISTINCT r ORDER BY r) FROM unnest(array_append(granted_roles, @role)) AS r)
                ELSE array_remove(granted_roles, @role) END
            WHERE id = @id
            RETURNING {Columns}
            """,
            new { id, role, granted }, cancellationToken: ct));
    }
}
