using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Evently.Bench.Booking;

/// <summary>
/// The database's own ceiling on one hot row, measured with pgbench on a booking shard's server: each transaction
/// is the conditional UPDATE of one inventory row plus the INSERT of a booking, from many clients at once.
/// </summary>
public static partial class PgBench
{
    public sealed record Result(double Tps, int Clients, double DurationSeconds, double LatencyAverageMs, string Script, string Executable);

    private const string Script =
        """
        BEGIN;
        UPDATE inventory SET available = available - 1 WHERE event_id = 1 AND available >= 1;
        INSERT INTO booking (event_id, quantity) VALUES (1, 1);
        END;
        """;

    public static async Task<Result> RunAsync(string connectionString, int clients, TimeSpan duration)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        const string database = "pgbench_hot_row";
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database}", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        csb.Database = database;
        await using (var db = new NpgsqlConnection(csb.ConnectionString))
        {
            await db.OpenAsync();
            await using var setup = new NpgsqlCommand(
                """
                CREATE TABLE inventory (event_id int PRIMARY KEY, available int NOT NULL CHECK (available >= 0));
                CREATE TABLE booking (id bigserial PRIMARY KEY, event_id int NOT NULL, quantity int NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO inventory VALUES (1, 2000000000);
                """, db);
            await setup.ExecuteNonQueryAsync();
        }

        var scriptPath = Path.Combine(Path.GetTempPath(), $"evently-pgbench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(scriptPath, Script);
        try
        {
            var exe = File.Exists("/usr/lib/postgresql/15/bin/pgbench") ? "/usr/lib/postgresql/15/bin/pgbench" : "pgbench";
            var psi = new ProcessStartInfo(exe)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    "-n", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
                    "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-f", scriptPath,
                    "-h", csb.Host!, "-p", csb.Port.ToString(CultureInfo.InvariantCulture), "-U", csb.Username ?? "postgres", database,
                },
            };
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var output = await stdout + await stderr;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {output}");
            }

            var tps = double.Parse(TpsPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var latency = LatencyPattern().Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            return new Result(Math.Round(tps, 1), clients, duration.TotalSeconds, latency, Script, exe);
        }
        finally
        {
            File.Delete(scriptPath);
        }
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsPattern();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyPattern();
}
