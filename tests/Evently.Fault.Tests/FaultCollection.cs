using Evently.Testing;

namespace Evently.Fault.Tests;

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultFixture>
{
    public const string Name = "fault";
}

/// <summary>
/// One system for the assembly (two booking shards, rate limits off), a pool of registered users and the admin
/// token. Tests in the collection run one after another, so each may stop and restart resources.
/// </summary>
public sealed class FaultFixture : EventlySystemFixture
{
    public const int PoolSize = 40;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<FaultUser>? _users;
    private string? _adminToken;

    protected override EventlySystemOptions Options => new() { BookingShards = 2 };

    public async Task<IReadOnlyList<FaultUser>> UsersAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _users ??= await FaultApi.RegisterUsersAsync(System, PoolSize);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<HttpClient> AdminAsync() => System.CreateGatewayClient(_adminToken ??= await System.AdminTokenAsync());
}

