using static Paperclip.Testing.SecretsHarness;

namespace Paperclip.Secrets.Tests;

/// <summary>
/// The same lifecycle against every provider that stores values: local encryption on the file system, AWS Secrets
/// Manager on a real moto server and Azure Key Vault through the real SecretClient on the HTTPS fake, through the real
/// service and the real Tables store.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProviderContractTests(AzuriteFixture azurite, MotoServer moto, KeyVaultFake keyVault)
{
    static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<string> Providers => new() { SecretProviderIds.LocalEncrypted, SecretProviderIds.AwsSecretsManager, SecretProviderIds.AzureKeyVault };

    async Task<(SecretsHarness Harness, Guid Company, Guid? Vault)> SetUpAsync(string provider)
    {
        SecretsHarness h = new(azurite, moto: moto, keyVault: keyVault);
        Guid company = await h.CompanyAsync();
        Guid? vault = provider switch
        {
            SecretProviderIds.AwsSecretsManager => (await h.AwsVaultAsync(company)).Id,
            SecretProviderIds.AzureKeyVault => (await h.KeyVaultVaultAsync(company)).Id,
            _ => null,
        };
        return (h, company, vault);
    }

    static CreateSecretCommand Managed(string name, string value, Guid? vault) =>
        CreateSecretCommand.Parse(Body(vault is null ? new { name, value } : (object)new { name, value, providerConfigId = vault }));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CreateResolveRotate_PinnedVersionsKeepTheirValue(string provider)
    {
        (SecretsHarness h, Guid company, Guid? vault) = await this.SetUpAsync(provider);
        await using (h)
        {
            string v1 = "one-" + Guid.NewGuid(), v2 = "two-" + Guid.NewGuid();
            CompanySecret secret = await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Contract secret", v1, vault), None);
            Assert.Equal(provider, secret.Provider);
            Assert.Equal(v1, await h.ResolveBoundAsync(company, secret.Id));

            await h.Secrets.RotateAsync(SecretsHarness.Board, company, secret.Id, RotateSecretCommand.Parse(Body(new { value = v2 })), None);

            Assert.Equal(v2, await h.ResolveBoundAsync(company, secret.Id));
            Assert.Equal(v1, await h.ResolveBoundAsync(company, secret.Id, 1));
            Assert.DoesNotContain(v1, await h.DumpTablesAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain(v2, await h.DumpTablesAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Delete_ThenRecreateTheSameName_ResolvesTheNewValue(string provider)
    {
        (SecretsHarness h, Guid company, Guid? vault) = await this.SetUpAsync(provider);
        await using (h)
        {
            CompanySecret first = await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Recreated", "old-" + Guid.NewGuid(), vault), None);
            await h.Secrets.DeleteAsync(SecretsHarness.Board, company, first.Id, None);
            Assert.Equal(404, (await Assert.ThrowsAnyAsync<PaperclipException>(() => h.Secrets.GetAsync(SecretsHarness.Board, company, first.Id, None))).Status);

            string fresh = "new-" + Guid.NewGuid();
            CompanySecret second = await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Recreated", fresh, vault), None);

            Assert.NotEqual(first.Id, second.Id);
            Assert.Equal(fresh, await h.ResolveBoundAsync(company, second.Id));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Resolve_AfterDelete_FailsWithAStableCode(string provider)
    {
        (SecretsHarness h, Guid company, Guid? vault) = await this.SetUpAsync(provider);
        await using (h)
        {
            CompanySecret secret = await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Gone", "g-" + Guid.NewGuid(), vault), None);
            Assert.StartsWith("g-", await h.ResolveBoundAsync(company, secret.Id), StringComparison.Ordinal);
            await h.Secrets.DeleteAsync(SecretsHarness.Board, company, secret.Id, None);

            PaperclipException gone = await Assert.ThrowsAnyAsync<PaperclipException>(() => h.ResolveBoundAsync(company, secret.Id));
            Assert.Equal((404, ErrorCodes.NotFound), (gone.Status, gone.Code));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Rotate_IntoAnotherVault_WritesThere_AndPinnedVersionsStillResolveFromTheOldOne(string provider)
    {
        (SecretsHarness h, Guid company, Guid? vault) = await this.SetUpAsync(provider);
        await using (h)
        {
            Guid? other = provider switch
            {
                SecretProviderIds.AwsSecretsManager => (await h.AwsVaultAsync(company)).Id,
                SecretProviderIds.AzureKeyVault => (await h.KeyVaultVaultAsync(company)).Id,
                _ => (await h.Vaults.CreateAsync(SecretsHarness.Board, company, CreateVaultCommand.Parse(Body(new { provider, displayName = "Second" })), None)).Id,
            };
            CompanySecret secret = await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Moving", "in-first", vault), None);

            CompanySecret moved = await h.Secrets.RotateAsync(SecretsHarness.Board, company, secret.Id, RotateSecretCommand.Parse(Body(new { value = "in-second", providerConfigId = other })), None);

            Assert.Equal(other, moved.ProviderConfigId);
            Assert.Equal("in-second", await h.ResolveBoundAsync(company, secret.Id));
            Assert.Equal("in-first", await h.ResolveBoundAsync(company, secret.Id, 1));
        }
    }
}
