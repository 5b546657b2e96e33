using Evently.Testing;

namespace Evently.Api.Tests;

[CollectionDefinition("api")]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>;

public sealed class ApiFixture : EventlySystemFixture;
