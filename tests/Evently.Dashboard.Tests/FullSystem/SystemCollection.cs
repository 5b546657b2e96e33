using Evently.Testing;

namespace Evently.Dashboard.Tests.FullSystem;

[CollectionDefinition(EventlySystemFixture.Collection)]
public sealed class SystemCollection : ICollectionFixture<EventlySystemFixture>;
