using System.Buffers.Binary;
using Aspire.Hosting.ApplicationModel;
using Evently.Hosting.Processes;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evently.Hosting.Servers;

/// <summary>
/// Before every start of a standby: keeps its data when it is a standby of this very primary whose replication slot
/// still holds the WAL it needs, and otherwise clones it afresh with <c>pg_basebackup</c>. A plain restart (stopped,
/// killed, AppHost run again) therefore resumes streaming; a primary recreated under it (<c>--fresh</c> of a part of
/// the state, a restored backup) or a slot given up means a new clone, never a standby of someone else's history.
/// </summary>
internal sealed class PostgresStandbyClone(PostgresServerResource standby, ServerBinaries binaries)
{
    private static readonly TimeSpan PrimaryWait = TimeSpan.FromSeconds(60);

    private PostgresServerResource Primary => standby.Primary!;

    /// <summary>The physical slot on the primary (slot names allow lower-case letters, digits and underscores).</summary>
    public string SlotName { get; } = standby.Name.Replace('-', '_').ToLowerInvariant();

    private string Cluster => standby.ClusterDirectory;

    public async Task PrepareAsync(ResourceNotificationService notifications, ILogger log, CancellationToken ct)
    {
        Directory.CreateDirectory(standby.DataDirectory);
        var hasCluster = File.Exists(Path.Combine(Cluster, "PG_VERSION"));
        // This runs alongside WaitFor, not after it. A clone needs the primary however long it takes; a standby with data
        // waits a while (to check that data against it), then starts on what it has.
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            if (hasCluster)
            {
                wait.CancelAfter(PrimaryWait);
            }

            try
            {
                await notifications.WaitForResourceHealthyAsync(Primary.Name, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
            }
        }

        PrimaryFacts facts;
        try
        {
            facts = await ReadPrimaryAsync(ct).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (hasCluster)
        {
            // Its data is there: start it anyway, it serves what it has and streams once the primary is back.
            log.LogWarning("{Primary} is unreachable ({Reason}); starting {Standby} on its existing data", Primary.Name, e.Message, standby.Name);
            await PostgresCommandLine.PrepareFoldersAsync(standby, ct).ConfigureAwait(false);
            return;
        }

        if (WhyClone(hasCluster, facts) is { } reason)
        {
            log.LogInformation("Cloning {Standby} from {Primary} with pg_basebackup: {Reason}", standby.Name, Primary.Name, reason);
            await CloneAsync(facts, ct).ConfigureAwait(false);
            log.LogInformation("Cloned {Standby}; it streams from {Primary} through slot {Slot}", standby.Name, Primary.Name, SlotName);
        }

        await PostgresCommandLine.PrepareFoldersAsync(standby, ct).ConfigureAwait(false);
    }

    private string? WhyClone(bool hasCluster, PrimaryFacts facts)
    {
        if (!hasCluster)
        {
            return "no standby data yet";
        }

        if (!File.Exists(Path.Combine(Cluster, "standby.signal")))
        {
            return "its data is no longer a standby's (no standby.signal)";
        }

        var own = SystemIdentifier();
        if (own != facts.SystemIdentifier)
        {
            return $"its data comes from another cluster (system identifier {own}, the primary's is {facts.SystemIdentifier})";
        }

        return facts.SlotWalStatus switch
        {
            null => $"replication slot {SlotName} is missing on the primary, so WAL it needs may be gone",
            "lost" => $"the primary gave up the WAL of slot {SlotName} (max_slot_wal_keep_size)",
            _ => null,
        };
    }

    private async Task CloneAsync(PrimaryFacts facts, CancellationToken ct)
    {
        // A lost slot cannot be revived; an inactive one is replaced so the clone starts from a reserved position.
        if (facts.SlotWalStatus is not null)
        {
            await ExecuteOnPrimaryAsync("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = @slot AND NOT active", ct)
                .ConfigureAwait(false);
        }

        await ExecuteOnPrimaryAsync(
            "SELECT pg_create_physical_replication_slot(@slot, true) WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = @slot)", ct)
            .ConfigureAwait(false);

        // Clone then rename, so an interrupted clone never looks like a cluster.
        var partial = Cluster + ".partial";
        foreach (var folder in new[] { partial, Cluster })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        await Run.CheckedAsync("chown", [$"{PostgresServerResource.User}:{PostgresServerResource.User}", standby.DataDirectory], ct).ConfigureAwait(false);
        // -R writes standby.signal (AppHost passes primary_conninfo itself at each start); a fast checkpoint instead
        // of a spread one, or the clone would wait minutes for it.
        await Run.CheckedAsync(Path.Combine(binaries.PostgresBin, "pg_basebackup"),
            ["-h", "127.0.0.1", "-p", PostgresStandbyBuilderExtensions.PrimaryPort(standby).ToString(System.Globalization.CultureInfo.InvariantCulture),
             "-U", PostgresServerResource.User, "-D", partial, "-X", "stream", "-S", SlotName, "-R", "--checkpoint=fast"],
            ct, PostgresServerResource.User).ConfigureAwait(false);
        Directory.Move(partial, Cluster);
    }

    /// <summary>The first field of pg_control (PostgreSQL 15: <c>uint64 system_identifier</c>, host byte order).</summary>
    private ulong SystemIdentifier()
    {
        Span<byte> head = stackalloc byte[8];
        using var control = File.OpenRead(Path.Combine(Cluster, "global", "pg_control"));
        control.ReadExactly(head);
        return BinaryPrimitives.ReadUInt64LittleEndian(head);
    }

    private async Task<PrimaryFacts> ReadPrimaryAsync(CancellationToken ct)
    {
        await using var connection = await OpenPrimaryAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT system_identifier FROM pg_control_system()), (SELECT wal_status FROM pg_replication_slots WHERE slot_name = @slot)",
            connection);
        command.Parameters.AddWithValue("slot", SlotName);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return new PrimaryFacts(unchecked((ulong)reader.GetInt64(0)), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    private async Task ExecuteOnPrimaryAsync(string sql, CancellationToken ct)
    {
        await using var connection = await OpenPrimaryAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("slot", SlotName);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<NpgsqlConnection> OpenPrimaryAsync(CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(await Primary.ConnectionStringExpression.GetValueAsync(ct).ConfigureAwait(false))
        {
            Pooling = false,
            Timeout = 5,
            ApplicationName = "evently-apphost",
        };
        var connection = new NpgsqlConnection(cs.ConnectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed record PrimaryFacts(ulong SystemIdentifier, string? SlotWalStatus);
}
