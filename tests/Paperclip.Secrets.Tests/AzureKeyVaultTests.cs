using static Paperclip.Testing.SecretsHarness;

namespace Paperclip.Secrets.Tests;

/// <summary>What only the Key Vault provider does, through the real SecretClient against the local HTTPS fake.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureKeyVaultTests(AzuriteFixture azurite, KeyVaultFake keyVault)
{
    static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task AManagedSecret_IsNamedBySecretId_TaggedAsOurs_VersionedByKeyVault_AndSoftDeleted()
    {
        await using SecretsHarness h = new(azurite, keyVault: keyVault);
        Guid company = await h.CompanyAsync();
        SecretVault vault = await h.KeyVaultVaultAsync(company);
        string ns = vault.Config.GetProperty("namespace").GetString()!;

        CompanySecret secret = await h.Secrets.CreateAsync(SecretsHarness.Board, company, CreateSecretCommand.Parse(Body(new { name = "GitHub token", key = "github_token.v1", value = "ghp-1", providerConfigId = vault.Id })), None);

        string name = $"paperclip-{ns}-{company:N}-{secret.Id:N}";
        Assert.Equal(new Uri(keyVault.VaultUri, "secrets/" + name).ToString(), secret.ExternalRef);
        IReadOnlyDictionary<string, string> tags = keyVault.TagsOf(name)!;
        Assert.Equal(("paperclip", company.ToString("D"), "github_token.v1"), (tags["paperclip-managed-by"], tags["paperclip-company-id"], tags["paperclip-secret-key"]));

        await h.Secrets.RotateAsync(SecretsHarness.Board, company, secret.Id, RotateSecretCommand.Parse(Body(new { value = "ghp-2" })), None);
        Assert.Equal(2, keyVault.VersionCount(name));
        Assert.Equal("ghp-2", await h.ResolveBoundAsync(company, secret.Id));

        await h.Secrets.DeleteAsync(SecretsHarness.Board, company, secret.Id, None);
        Assert.True(keyVault.IsDeleted(name));
    }

    [Fact]
    public async Task ACreateOverASoftDeletedName_RecoversItAndWritesTheNewValue()
    {
        await using SecretsHarness h = new(azurite, keyVault: keyVault);
        Guid company = await h.CompanyAsync();
        SecretVault vault = await h.KeyVaultVaultAsync(company);
        Guid secretId = Guid.CreateVersion7();
        SecretWriteContext context = new(company, secretId, "k", "K", 1, vault);
        ProviderWrite first = await h.KeyVault!.CreateSecretAsync(context, new SecretValue("before"), None);
        await h.KeyVault.DeleteOrArchiveAsync(new SecretReadContext(company, secretId, "k", 1, SecretManagedMode.PaperclipManaged, first.Material, first.ExternalRef, first.ProviderVersionRef, vault), archiveOnly: false, None);

        ProviderWrite again = await h.KeyVault.CreateSecretAsync(context, new SecretValue("after"), None);

        SecretValue value = await h.KeyVault.ResolveAsync(new SecretReadContext(company, secretId, "k", 1, SecretManagedMode.PaperclipManaged, again.Material, again.ExternalRef, again.ProviderVersionRef, vault), None);
        Assert.Equal("after", value.Reveal());
    }

    [Fact]
    public async Task ExternalReferences_ResolveTheOperatorsValue_AndErrorsAreSanitized()
    {
        await using SecretsHarness h = new(azurite, keyVault: keyVault);
        Guid company = await h.CompanyAsync();
        SecretVault vault = await h.KeyVaultVaultAsync(company);
        string name = "ops-" + Guid.NewGuid().ToString("N")[..8];
        string version = keyVault.Seed(name, "operator-value-1");
        keyVault.Seed(name, "operator-value-2");

        CompanySecret latest = await h.Secrets.CreateAsync(SecretsHarness.Board, company, CreateSecretCommand.Parse(Body(new { name = "Ops", managedMode = "external_reference", externalRef = name, providerConfigId = vault.Id })), None);
        CompanySecret pinned = await h.Secrets.CreateAsync(SecretsHarness.Board, company,
            CreateSecretCommand.Parse(Body(new { name = "Ops pinned", managedMode = "external_reference", externalRef = $"{keyVault.VaultUri}secrets/{name}/{version}", providerConfigId = vault.Id })), None);
        Assert.Equal("operator-value-2", await h.ResolveBoundAsync(company, latest.Id));
        Assert.Equal("operator-value-1", await h.ResolveBoundAsync(company, pinned.Id));

        CompanySecret missing = await h.Secrets.CreateAsync(SecretsHarness.Board, company, CreateSecretCommand.Parse(Body(new { name = "Missing", managedMode = "external_reference", externalRef = "nowhere-" + Guid.NewGuid().ToString("N")[..6], providerConfigId = vault.Id })), None);
        SecretProviderException error = await Assert.ThrowsAsync<SecretProviderException>(() => h.ResolveBoundAsync(company, missing.Id));
        Assert.Equal((404, SecretErrorCodes.ProviderNotFound, "Azure Key Vault could not find the requested secret."), (error.Status, error.Code, error.Message));
        Assert.DoesNotContain("127.0.0.1", error.ToString(), StringComparison.Ordinal);

        PaperclipException elsewhere = await Assert.ThrowsAnyAsync<PaperclipException>(() => h.Secrets.CreateAsync(SecretsHarness.Board, company,
            CreateSecretCommand.Parse(Body(new { name = "Other vault", managedMode = "external_reference", externalRef = "https://other.vault.azure.net/secrets/x", providerConfigId = vault.Id })), None));
        Assert.Equal(SecretErrorCodes.ProviderInvalidRequest, elsewhere.Code);
    }

    [Fact]
    public async Task ImportPreview_ListsWithoutReadingValues_SkipsCertificateSecrets_AndGuardsTheManagedNamespace()
    {
        await using SecretsHarness h = new(azurite, [new TestVaultProvider()], keyVault: keyVault);
        Guid company = await h.CompanyAsync();
        SecretVault vault = await h.KeyVaultVaultAsync(company);
        string run = Guid.NewGuid().ToString("N")[..8];
        keyVault.Seed($"kv{run}-api", "a");
        keyVault.Seed($"kv{run}-db", "b");
        keyVault.Seed($"kv{run}-cert", "c", managedByCertificate: true);
        CompanySecret managed = await h.Secrets.CreateAsync(SecretsHarness.Board, company, CreateSecretCommand.Parse(Body(new { name = "Managed", value = "m", providerConfigId = vault.Id })), None);

        // A secret of another provider, with its own external reference, holds its name too.
        await h.Secrets.CreateAsync(SecretsHarness.Board, company, CreateSecretCommand.Parse(Body(new { name = $"kv{run}-db", value = "elsewhere", provider = TestVaultProvider.Id })), None);
        int readsBefore = keyVault.ValueReads;

        List<ImportCandidate> all = [];
        string? token = null;
        int pages = 0;
        do
        {
            ImportPreview page = await h.Imports.PreviewAsync(SecretsHarness.Board, company, PreviewImportCommand.Parse(Body(token is null
                ? new { providerConfigId = vault.Id, pageSize = 2 } : (object)new { providerConfigId = vault.Id, pageSize = 2, nextToken = token })), None);
            all.AddRange(page.Candidates);
            token = page.NextToken;
        }
        while (token is not null && ++pages < 1000);

        Assert.Equal(readsBefore, keyVault.ValueReads);
        Assert.Equal(["api", "db"], all.Where(c => c.RemoteName.StartsWith($"kv{run}-", StringComparison.Ordinal)).Select(c => c.RemoteName[(run.Length + 3)..]).Order(StringComparer.Ordinal));
        Assert.Equal("name", all.Single(c => c.RemoteName == $"kv{run}-db").Conflicts[0].Type);
        ImportCandidate own = Assert.Single(all, c => c.ExternalRef == managed.ExternalRef);
        Assert.Contains(own.Conflicts, c => c.Type == "provider_guardrail");

        ImportResult imported = await h.Imports.ImportAsync(SecretsHarness.Board, company, ImportSecretsCommand.Parse(Body(new { providerConfigId = vault.Id, secrets = new[] { new { externalRef = all.First(c => c.RemoteName == $"kv{run}-api").ExternalRef } } })), None);
        Assert.Equal(readsBefore, keyVault.ValueReads);
        Assert.Equal("imported", Assert.Single(imported.Results).Status);
        Assert.Equal("a", await h.ResolveBoundAsync(company, imported.Results[0].SecretId!.Value));
    }

    [Fact]
    public async Task VaultConfig_MustBeAnHttpsOrigin_AndHealthProbesTheVault()
    {
        await using SecretsHarness h = new(azurite, keyVault: keyVault);
        Guid company = await h.CompanyAsync();
        foreach (string bad in new[] { "http://x.vault.azure.net/", "https://user:pw@x.vault.azure.net/", "https://x.vault.azure.net/secrets", "https://x.vault.azure.net/?a=1" })
        {
            PaperclipException refused = await Assert.ThrowsAnyAsync<PaperclipException>(() => h.Vaults.CreateAsync(SecretsHarness.Board, company,
                CreateVaultCommand.Parse(Body(new { provider = "azure_key_vault", displayName = "Bad", config = new { vaultUri = bad } })), None));
            Assert.Contains("config.vaultUri", refused.Errors!.Keys);
        }

        SecretVault vault = await h.KeyVaultVaultAsync(company);
        VaultHealthReport health = await h.Vaults.CheckHealthAsync(SecretsHarness.Board, company, vault.Id, None);
        Assert.Equal((VaultHealthStatus.Ready, "provider_ready"), (health.Status, health.Details["code"]));
    }
}
