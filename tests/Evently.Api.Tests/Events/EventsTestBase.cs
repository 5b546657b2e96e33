using Evently.Testing;

namespace Evently.Api.Tests.Events;

/// <summary>The clients most events tests act through: the admin (who manages events) and an anonymous reader.</summary>
public abstract class EventsTestBase(ApiFixture fixture) : IAsyncLifetime
{
    protected ApiFixture Fixture { get; } = fixture;

    protected HttpClient Admin { get; private set; } = null!;

    protected HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Admin = Fixture.System.CreateGatewayClient(await Fixture.System.AdminTokenAsync());
        Anonymous = Fixture.System.CreateGatewayClient();
    }

    public Task DisposeAsync()
    {
        Admin.Dispose();
        Anonymous.Dispose();
        return Task.CompletedTask;
    }
}
