using Evently.Data;
using Evently.Messaging;
using Evently.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Evently.Platform.Tests.Support;

/// <summary>
/// A database of the test's own on the system's events-db server, with the outbox and inbox tables, dropped on dispose:
/// relay tests run on the real PostgreSQL without touching what the services read.
/// </summary>
public sealed class ScratchOutboxDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private ScratchOutboxDatabase(string server, string name, NpgsqlDataSource dataSource)
    {
        _server = server;
        _name = name;
        DataSource = dataSource;
    }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<ScratchOutboxDatabase> CreateAsync(EventlySystem system, string prefix)
    {
        var server = system.ConnectionString("events-db");
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
        await Migrations.ApplyAsync(dataSource, NullLogger.Instance, CancellationToken.None, typeof(Outbox).Assembly);
        return new ScratchOutboxDatabase(server, name, dataSource);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var admin = new NpgsqlConnection(connectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
