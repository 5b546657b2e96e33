using Evently.Testing;

namespace Evently.Booking.Tests;

[CollectionDefinition("booking")]
public sealed class BookingCollection : ICollectionFixture<BookingFixture>;

/// <summary>
/// One system for the whole assembly: two booking shards, rate limits off (the tests fire hundreds of requests at
/// once), plus a pool of registered users shared by every test (registering is the slow part). Tests in the
/// collection run one after another, so switching the booking strategy by restarting the service is safe.
/// </summary>
public sealed class BookingFixture : EventlySystemFixture
{
    public const int PoolSize = 500;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<TestUser>? _users;
    private string? _adminToken;
    private string _strategy = "atomic";

    protected override EventlySystemOptions Options => new()
    {
        BookingShards = 2,
        ProjectEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["gateway"] = new Dictionary<string, string>
            {
                ["RateLimiting__Enabled"] = "false",
                // Registering the user pool is about bookings, not password strength: cheap hashes keep it quick.
                ["Identity__PasswordHasher__IterationCount"] = "1000",
            },
        },
    };

    public async Task<IReadOnlyList<TestUser>> UsersAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _users ??= await BookingApi.RegisterUsersAsync(System, PoolSize);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<string> AdminTokenAsync() => _adminToken ??= await BookingApi.AdminTokenAsync(System);

    /// <summary>Restarts the booking service with <paramref name="strategy"/> unless it already runs it.</summary>
    public async Task UseStrategyAsync(string strategy)
    {
        if (_strategy == strategy)
        {
            return;
        }

        await System.RestartResourceAsync("booking", new Dictionary<string, string> { ["Booking__Strategy"] = strategy });
        _strategy = strategy;
    }
}

public sealed record TestUser(string Token, Guid UserId);
