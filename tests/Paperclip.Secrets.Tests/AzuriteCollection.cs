using Paperclip.Testing;

namespace Paperclip.Secrets.Tests;

/// <summary>The secrets tests share one Azurite (each test uses its own table prefix) and one moto server (each test its own namespace).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MotoServer>
{
    public const string Name = "azurite";
}
