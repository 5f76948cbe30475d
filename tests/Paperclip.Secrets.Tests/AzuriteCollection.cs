using Paperclip.Testing;

namespace Paperclip.Secrets.Tests;

/// <summary>The secrets tests share one Azurite; each test uses its own table prefix.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
