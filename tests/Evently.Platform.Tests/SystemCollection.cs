using Evently.Testing;

// Each test class here boots what it needs; running them one at a time keeps two systems off 2 cores at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Evently.Platform.Tests;

[CollectionDefinition(EventlySystemFixture.Collection)]
public sealed class SystemCollection : ICollectionFixture<EventlySystemFixture>;
