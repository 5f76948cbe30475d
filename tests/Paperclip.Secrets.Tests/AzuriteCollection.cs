namespace Paperclip.Secrets.Tests;

/// <summary>The secrets tests share one Azurite (each test uses its own table prefix) one moto server and one Key Vault fake (each test its own namespace).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MotoServer>, ICollectionFixture<KeyVaultFake>
{
    public const string Name = "azurite";
}
