using Xunit;

namespace Evently.Testing;

/// <summary>
/// One system per test assembly: declare in the test project
/// <code>
/// [CollectionDefinition(EventlySystemFixture.Collection)]
/// public sealed class SystemCollection : ICollectionFixture&lt;EventlySystemFixture&gt;;
/// </code>
/// and put <c>[Collection(EventlySystemFixture.Collection)]</c> on every test class (xunit v2 has no assembly
/// fixtures). Derive and override <see cref="Options"/> to change settings.
/// </summary>
public class EventlySystemFixture : IAsyncLifetime
{
    public const string Collection = "Evently system";

    private EventlySystem? _system;

    public EventlySystem System => _system ?? throw new InvalidOperationException("The system has not been started.");

    protected virtual EventlySystemOptions Options => new();

    public virtual async Task InitializeAsync() => _system = await EventlySystem.StartAsync(Options).ConfigureAwait(false);

    public virtual async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync().ConfigureAwait(false);
        }
    }
}
