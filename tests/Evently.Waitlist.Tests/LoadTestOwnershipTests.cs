using System.Net;
using Dapper;
using Evently.Testing;
using Npgsql;

namespace Evently.Waitlist.Tests;

/// <summary>
/// A load test belongs to the analytics instance that started it, through analytics-db: another instance's live run
/// (inserted here as that instance would) blocks a second one with 409, its stored figures answer the status, a stop
/// is passed to its owner, and a run whose owner stopped renewing its lease is marked aborted.
/// </summary>
[Collection(EventlySystemFixture.Collection)]
public sealed class LoadTestOwnershipTests(WaitlistFixture fixture)
{
    private const string OtherInstance = "analytics-elsewhere/1/test";

    private EventlySystem System => fixture.System;

    [Fact]
    public async Task A_run_owned_by_another_live_instance_blocks_a_second_answers_its_status_and_takes_a_stop()
    {
        using var admin = await System.CreateAdminClientAsync();
        var id = await InsertForeignRunAsync(leaseSeconds: 60);
        try
        {
            var second = await Api.SendAsync(admin, HttpMethod.Post, "api/v1/load-test/start",
                new { concurrentUsers = 1, duration = 1, targetEndpoint = "/api/v1/events" });
            Assert.Equal(HttpStatusCode.Conflict, second.Status);

            var status = await Api.GetAsync(admin, $"api/v1/load-test/{id}");
            Assert.Equal(HttpStatusCode.OK, status.Status);
            Assert.Equal("running", status.Body.GetProperty("status").GetString());
            Assert.Equal(7, status.Body.GetProperty("metrics").GetProperty("total_requests").GetInt64());

            // The owner (played here) sees the stop asked through this instance and ends its run.
            var stopping = Api.SendAsync(admin, HttpMethod.Post, $"api/v1/load-test/{id}/stop");
            await Eventually.UntilAsync(async () => await QueryAsync<bool>("SELECT stop_requested FROM load_tests WHERE id = @id", new { id }),
                Api.Deadline, "the stop recorded for the owner");
            await ExecuteAsync("UPDATE load_tests SET status = 'stopped', finished_at = now() WHERE id = @id", new { id });
            var stopped = await stopping;
            Assert.Equal(HttpStatusCode.OK, stopped.Status);
            Assert.Equal("stopped", stopped.Body.GetProperty("status").GetString());
        }
        finally
        {
            await EndForeignRunsAsync();
        }
    }

    [Fact]
    public async Task A_run_whose_owner_stopped_renewing_is_aborted_and_no_longer_blocks()
    {
        using var admin = await System.CreateAdminClientAsync();
        var id = await InsertForeignRunAsync(leaseSeconds: -1);
        try
        {
            var status = await Api.GetAsync(admin, $"api/v1/load-test/{id}");
            Assert.Equal("aborted", status.Body.GetProperty("status").GetString());

            var started = await Api.SendAsync(admin, HttpMethod.Post, "api/v1/load-test/start",
                new { concurrentUsers = 1, duration = 1, targetEndpoint = "/api/v1/events" });
            Assert.Equal(HttpStatusCode.Accepted, started.Status);
            var ownId = started.Body.GetProperty("test_id").GetString();
            await Eventually.UntilAsync(async () => (await Api.GetAsync(admin, $"api/v1/load-test/{ownId}")).Body.GetProperty("status").GetString() != "running",
                TimeSpan.FromSeconds(120), "this instance's own test should finish");
        }
        finally
        {
            await EndForeignRunsAsync();
        }
    }

    private async Task<string> InsertForeignRunAsync(int leaseSeconds)
    {
        var id = "load_test_" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..6]);
        // Whatever this instance may still be running from another test must end first (one running test at most).
        await Eventually.UntilAsync(async () => !await QueryAsync<bool>("SELECT EXISTS (SELECT 1 FROM load_tests WHERE status = 'running')", null),
            TimeSpan.FromSeconds(120), "no load test running");
        await ExecuteAsync(
            """
            INSERT INTO load_tests (id, status, concurrent_users, duration_seconds, target_endpoint, started_at, owner, lease_until, metrics)
            VALUES (@id, 'running', 3, 60, '/api/v1/events', now(), @owner, now() + make_interval(secs => @leaseSeconds), '{"total_requests": 7}')
            """, new { id, owner = OtherInstance, leaseSeconds });
        return id;
    }

    private Task EndForeignRunsAsync() =>
        ExecuteAsync("UPDATE load_tests SET status = 'aborted', finished_at = now() WHERE owner = @owner AND status = 'running'",
            new { owner = OtherInstance });

    private async Task<T> QueryAsync<T>(string sql, object? parameters)
    {
        await using var db = new NpgsqlConnection(System.ConnectionString("analytics-db"));
        return await db.QuerySingleAsync<T>(sql, parameters);
    }

    private async Task ExecuteAsync(string sql, object parameters)
    {
        await using var db = new NpgsqlConnection(System.ConnectionString("analytics-db"));
        await db.ExecuteAsync(sql, parameters);
    }
}
