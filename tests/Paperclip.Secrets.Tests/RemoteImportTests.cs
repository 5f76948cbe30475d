using System.Text.Json;

using static Paperclip.Testing.SecretsHarness;

namespace Paperclip.Secrets.Tests;

/// <summary>Remote import from AWS Secrets Manager (a real moto server): preview and commit, and not one value read.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RemoteImportTests(AzuriteFixture azurite, MotoServer moto)
{
    static readonly CancellationToken None = CancellationToken.None;

    static readonly string[] ValueReads = ["secretsmanager.GetSecretValue", "secretsmanager.BatchGetSecretValue"];

    [Fact]
    public async Task Preview_ClassifiesEachRemoteSecret_PagesAndFilters_WithoutReadingAValue()
    {
        await using SecretsHarness h = new(azurite, moto: moto);
        Guid company = await h.CompanyAsync();
        SecretVault vault = await h.AwsVaultAsync(company);
        string run = Guid.NewGuid().ToString("N")[..8];
        foreach (string name in new[] { "ready", "taken", "dup", "pagea", "pageb" })
        {
            await moto.CallAsync("CreateSecret", new { Name = $"imp{run}/{name}", SecretString = "remote-" + name, Description = "not returned" });
        }

        // A managed secret of this vault (its own namespace) and a live secret with a clashing name.
        await h.Secrets.CreateAsync(SecretsHarness.Board, company, CreateSecretCommand.Parse(Body(new { name = "Managed", value = "m", providerConfigId = vault.Id })), None);
        await h.Secrets.CreateAsync(SecretsHarness.Board, company, CreateSecretCommand.Parse(Body(new { name = $"imp{run}/taken", value = "local" })), None);
        string dupArn = (await moto.CallAsync("DescribeSecret", new { SecretId = $"imp{run}/dup" }))!["ARN"]!.GetValue<string>();
        await h.Secrets.CreateAsync(SecretsHarness.Board, company, CreateSecretCommand.Parse(Body(new { name = "Dup", managedMode = "external_reference", externalRef = dupArn, providerConfigId = vault.Id })), None);

        await moto.StartRecordingAsync();
        ImportPreview preview = await h.Imports.PreviewAsync(SecretsHarness.Board, company, PreviewImportCommand.Parse(Body(new { providerConfigId = vault.Id, query = $"imp{run}", pageSize = 100 })), None);
        IReadOnlyList<string> sent = await moto.StopRecordingAsync();

        Assert.Equal(["secretsmanager.ListSecrets"], sent.Distinct());
        Assert.Empty(sent.Intersect(ValueReads));
        Dictionary<string, ImportCandidate> byName = preview.Candidates.ToDictionary(c => c.RemoteName.Split('/')[^1]);
        Assert.Equal(5, byName.Count);
        Assert.Equal(("ready", true, $"imp{run}-ready"), (byName["ready"].Status, byName["ready"].Importable, byName["ready"].Key));
        Assert.Equal("conflict", byName["taken"].Status);
        Assert.Equal(["name", "key"], byName["taken"].Conflicts.Select(c => c.Type));
        Assert.Equal(("duplicate", "exact_reference"), (byName["dup"].Status, byName["dup"].Conflicts.Single().Type));
        Assert.Equal(true, byName["ready"].ProviderMetadata!["hasDescription"]);
        Assert.DoesNotContain("not returned", JsonSerializer.Serialize(preview), StringComparison.Ordinal);
        Assert.DoesNotContain("remote-", JsonSerializer.Serialize(preview), StringComparison.Ordinal);

        // Paging: two pages of two, then the rest.
        ImportPreview first = await h.Imports.PreviewAsync(SecretsHarness.Board, company, PreviewImportCommand.Parse(Body(new { providerConfigId = vault.Id, query = $"imp{run}", pageSize = 2 })), None);
        Assert.Equal(2, first.Candidates.Count);
        Assert.NotNull(first.NextToken);
        ImportPreview second = await h.Imports.PreviewAsync(SecretsHarness.Board, company, PreviewImportCommand.Parse(Body(new { providerConfigId = vault.Id, query = $"imp{run}", pageSize = 2, nextToken = first.NextToken })), None);
        Assert.Empty(first.Candidates.Select(c => c.ExternalRef).Intersect(second.Candidates.Select(c => c.ExternalRef)));

        // The vault's own managed namespace is refused by the guardrail, not offered.
        // (moto's "all" filter matches whole words, so the query is the prefix; other tests' namespaces are filtered out here.)
        string own = "paperclip/" + vault.Config.GetProperty("namespace").GetString() + "/";
        ImportPreview managed = await h.Imports.PreviewAsync(SecretsHarness.Board, company, PreviewImportCommand.Parse(Body(new { providerConfigId = vault.Id, query = "paperclip", pageSize = 100 })), None);
        ImportCandidate ownSecret = Assert.Single(managed.Candidates, c => c.RemoteName.StartsWith(own, StringComparison.Ordinal));
        Assert.False(ownSecret.Importable);
        Assert.Equal(["provider_guardrail", "exact_reference"], ownSecret.Conflicts.Select(c => c.Type));
    }

    [Fact]
    public async Task Commit_RecheckesEveryRow_ImportsExternalReferences_AndTheyResolveAtRunTime()
    {
        await using SecretsHarness h = new(azurite, moto: moto);
        Guid company = await h.CompanyAsync();
        SecretVault vault = await h.AwsVaultAsync(company);
        string run = Guid.NewGuid().ToString("N")[..8];
        string a = (await moto.CallAsync("CreateSecret", new { Name = $"team-{run}/alpha", SecretString = "alpha-value" }))!["ARN"]!.GetValue<string>();
        string b = (await moto.CallAsync("CreateSecret", new { Name = $"team-{run}/beta", SecretString = "beta-value" }))!["ARN"]!.GetValue<string>();

        await moto.StartRecordingAsync();
        ImportResult result = await h.Imports.ImportAsync(SecretsHarness.Board, company, ImportSecretsCommand.Parse(Body(new
        {
            providerConfigId = vault.Id,
            secrets = new object[]
            {
                new { externalRef = a },
                new { externalRef = b, name = "Beta", key = "beta_key", description = "team beta" },
                new { externalRef = a, name = "Alpha again" },
                new { externalRef = $"paperclip/{vault.Config.GetProperty("namespace").GetString()}/x", name = "Managed" },
            },
        })), None);
        Assert.Empty(await moto.StopRecordingAsync());

        Assert.Equal((2, 1, 1), (result.ImportedCount, result.SkippedCount, result.ErrorCount));
        Assert.Equal(["imported", "imported", "skipped", "error"], result.Results.Select(r => r.Status));
        Assert.Equal($"team-{run}/alpha", result.Results[0].Name);
        Assert.Equal("exact_reference_duplicate", result.Results[2].Reason);
        Assert.Equal("AWS Paperclip-managed namespace secrets cannot be imported as external references", result.Results[3].Reason);

        CompanySecret beta = await h.Secrets.GetAsync(SecretsHarness.Board, company, result.Results[1].SecretId!.Value, None);
        Assert.Equal((SecretManagedMode.ExternalReference, "beta_key", vault.Id, b), (beta.ManagedMode, beta.Key, beta.ProviderConfigId, beta.ExternalRef));

        // Importing again skips everything: the commit re-checks against what exists now.
        ImportResult again = await h.Imports.ImportAsync(SecretsHarness.Board, company, ImportSecretsCommand.Parse(Body(new { providerConfigId = vault.Id, secrets = new[] { new { externalRef = b } } })), None);
        Assert.Equal("skipped", Assert.Single(again.Results).Status);

        Assert.Equal("beta-value", await h.ResolveBoundAsync(company, beta.Id));

        // A soft-deleted reference can be imported again.
        await h.Secrets.UpdateAsync(SecretsHarness.Board, company, beta.Id, UpdateSecretCommand.Parse(Body(new { status = "deleted" })), None);
        ImportResult reimported = await h.Imports.ImportAsync(SecretsHarness.Board, company, ImportSecretsCommand.Parse(Body(new { providerConfigId = vault.Id, secrets = new[] { new { externalRef = b, name = "Beta" } } })), None);
        Assert.Equal("imported", Assert.Single(reimported.Results).Status);
    }

    [Fact]
    public async Task Import_RefusesVaultsThatCannotList_OrAreDisabled()
    {
        await using SecretsHarness h = new(azurite, moto: moto);
        Guid company = await h.CompanyAsync();
        SecretVault local = await h.Vaults.CreateAsync(SecretsHarness.Board, company, CreateVaultCommand.Parse(Body(new { provider = "local_encrypted", displayName = "Local" })), None);
        Assert.Equal(SecretErrorCodes.ProviderUnsupportedOperation, (await Assert.ThrowsAnyAsync<PaperclipException>(() =>
            h.Imports.PreviewAsync(SecretsHarness.Board, company, PreviewImportCommand.Parse(Body(new { providerConfigId = local.Id })), None))).Code);

        SecretVault aws = await h.AwsVaultAsync(company);
        await h.Vaults.DisableAsync(SecretsHarness.Board, company, aws.Id, None);
        Assert.Equal(SecretErrorCodes.VaultDisabled, (await Assert.ThrowsAnyAsync<PaperclipException>(() =>
            h.Imports.PreviewAsync(SecretsHarness.Board, company, PreviewImportCommand.Parse(Body(new { providerConfigId = aws.Id })), None))).Code);
        Assert.Equal(404, (await Assert.ThrowsAnyAsync<PaperclipException>(() =>
            h.Imports.PreviewAsync(SecretsHarness.Board, company, PreviewImportCommand.Parse(Body(new { providerConfigId = Guid.NewGuid() })), None))).Status);
    }
}
