using static Paperclip.Testing.SecretsHarness;

namespace Paperclip.Secrets.Tests;

/// <summary>The secret service's rules, each as its own case, on Azurite with the real local provider.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SecretServiceTests(AzuriteFixture azurite)
{
    static readonly CancellationToken None = CancellationToken.None;

    static CreateSecretCommand Managed(string name, string value, string? key = null, string? provider = null, Guid? vault = null) =>
        CreateSecretCommand.Parse(Body(new Dictionary<string, object?> { ["name"] = name, ["value"] = value, ["key"] = key, ["provider"] = provider, ["providerConfigId"] = vault }
            .Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value)));

    static string UniqueValue() => "sv-" + Guid.NewGuid().ToString("N");

    static SecretResolutionContext AgentEnv(Guid agentId, string variable) =>
        new(SecretBindingTargets.Agent, agentId.ToString("D"), "agent", agentId.ToString("D"), "env." + variable) { RunId = Guid.CreateVersion7() };

    static async Task<PaperclipException> FailsAsync(Func<Task> action) => await Assert.ThrowsAnyAsync<PaperclipException>(action);

    static async Task BindAsync(SecretsHarness h, Guid company, Guid agentId, string variable, Guid secretId) =>
        await h.Bindings.SyncEnvAsync(company, SecretBindingTargets.Agent, agentId.ToString("D"),
            new Dictionary<string, Core.Domain.EnvBinding> { [variable] = Core.Domain.EnvBinding.SecretRef(secretId, null) }, None);

    [Fact]
    public async Task Create_StoresOnlyCiphertext_AndABoundConsumerResolvesIt_WithOneAccessEvent()
    {
        await using SecretsHarness h = new(azurite);
        Guid company = await h.CompanyAsync();
        string value = UniqueValue();

        CompanySecret secret = await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("OpenAI API Key", value), None);

        Assert.Equal("openai-api-key", secret.Key);
        Assert.Equal((SecretStatus.Active, 1, SecretProviderIds.LocalEncrypted), (secret.Status, secret.LatestVersion, secret.Provider));
        Assert.DoesNotContain(value, await h.DumpTablesAsync(), StringComparison.Ordinal);
        Assert.True(OwnerOnlyMode(h.MasterKeyFile), "the master key file is created 0600");

        Guid agent = Guid.CreateVersion7();
        await BindAsync(h, company, agent, "OPENAI_API_KEY", secret.Id);
        SecretValue resolved = await h.Resolver.ResolveAsync(company, secret.Id, null, AgentEnv(agent, "OPENAI_API_KEY"), None);
        Assert.Equal(value, resolved.Reveal());
        Assert.Equal("[secret]", resolved.ToString());

        SecretAccessEvent accessEvent = Assert.Single(await h.Secrets.AccessEventsAsync(SecretsHarness.Board, company, secret.Id, 10, None));
        Assert.Equal(("success", 1, "env.OPENAI_API_KEY", null), (accessEvent.Outcome, accessEvent.Version, accessEvent.ConfigPath, accessEvent.ErrorCode));
        Assert.DoesNotContain(value, await h.DumpTablesAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_WithoutABinding_FailsBindingMissing_AndRecordsTheFailure()
    {
        await using SecretsHarness h = new(azurite);
        Guid company = await h.CompanyAsync();
        CompanySecret secret = await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Token", UniqueValue()), None);

        PaperclipException error = await FailsAsync(() => h.Resolver.ResolveAsync(company, secret.Id, null, AgentEnv(Guid.CreateVersion7(), "TOKEN"), None));

        Assert.Equal((422, SecretErrorCodes.BindingMissing), (error.Status, error.Code));
        SecretAccessEvent failure = Assert.Single(await h.Secrets.AccessEventsAsync(SecretsHarness.Board, company, secret.Id, 10, None));
        Assert.Equal(("failure", SecretErrorCodes.BindingMissing), (failure.Outcome, failure.ErrorCode));
    }

    [Fact]
    public async Task NameAndKey_AreUniqueAmongLiveSecrets_EvenUnderConcurrentCreates()
    {
        await using SecretsHarness h = new(azurite);
        Guid company = await h.CompanyAsync();
        await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Deploy key", UniqueValue()), None);

        Assert.Equal(SecretErrorCodes.NameTaken, (await FailsAsync(() => h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Deploy key", "x"), None))).Code);
        Assert.Equal(SecretErrorCodes.KeyTaken, (await FailsAsync(() => h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Deploy  KEY!", "x"), None))).Code);
        Assert.Equal(SecretErrorCodes.KeyRequired, (await FailsAsync(() => h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("!!!", "x"), None))).Code);

        // Eight writers race for one name: the claim row lets exactly one through.
        Task<CompanySecret>[] racing = Enumerable.Range(0, 8).Select(i => h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Race", UniqueValue(), key: $"race-{i}"), None)).ToArray();
        await Task.WhenAll(racing.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        Assert.Equal(1, racing.Count(t => t.IsCompletedSuccessfully));
        Assert.All(racing.Where(t => t.IsFaulted), t => Assert.Equal(SecretErrorCodes.NameTaken, Assert.IsType<PaperclipException>(t.Exception!.InnerException, exactMatch: false).Code));
        Assert.Single(await h.Secrets.ListAsync(SecretsHarness.Board, company, None), s => s.Name == "Race");
    }

    [Fact]
    public async Task Create_WhenTheProviderWriteFails_LeavesNothing_AndTheNameStaysFree()
    {
        TestVaultProvider vault = new() { FailWrites = true };
        await using SecretsHarness h = new(azurite, [vault]);
        Guid company = await h.CompanyAsync();

        PaperclipException error = await FailsAsync(() => h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Webhook", UniqueValue(), provider: TestVaultProvider.Id), None));

        Assert.Equal((503, SecretErrorCodes.ProviderUnavailable), (error.Status, error.Code));
        Assert.Empty(await h.Store.ListSecretsAsync(company, None));
        vault.FailWrites = false;
        Assert.Equal("Webhook", (await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Webhook", UniqueValue(), provider: TestVaultProvider.Id), None)).Name);
    }

    [Fact]
    public async Task Create_WhenActivationFails_DeletesTheRemoteValueThenTheReservation()
    {
        TestVaultProvider vault = new();
        FaultyStore? control = null;
        await using SecretsHarness h = new(azurite, [vault], store => { (ISecretStore wrapped, control) = FaultyStore.Wrap(store); return wrapped; });
        Guid company = await h.CompanyAsync();
        control!.FailOn = nameof(ISecretStore.ActivateAsync);

        await Assert.ThrowsAsync<IOException>(() => h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Signing key", UniqueValue(), provider: TestVaultProvider.Id), None));

        Assert.Equal(1, vault.Deletes);
        Assert.Empty(vault.Values);
        Assert.Empty(await h.RawStore.ListSecretsAsync(company, None));
        control.FailOn = null;
        Assert.Equal(1, (await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Signing key", UniqueValue(), provider: TestVaultProvider.Id), None)).LatestVersion);
    }

    [Fact]
    public async Task Create_WhenActivationAndCleanupFail_KeepsAnArchivedHandle_ThatDeleteRemoves()
    {
        TestVaultProvider vault = new();
        FaultyStore? control = null;
        await using SecretsHarness h = new(azurite, [vault], store => { (ISecretStore wrapped, control) = FaultyStore.Wrap(store); return wrapped; });
        Guid company = await h.CompanyAsync();
        control!.FailOn = nameof(ISecretStore.ActivateAsync);
        vault.FailDeletes = true;

        await Assert.ThrowsAsync<IOException>(() => h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Handle", UniqueValue(), provider: TestVaultProvider.Id), None));

        CompanySecret handle = Assert.Single(await h.RawStore.ListSecretsAsync(company, None));
        Assert.Equal(SecretStatus.Archived, handle.Status);
        Assert.Single(vault.Values);
        control.FailOn = null;
        Assert.Equal(SecretErrorCodes.NameTaken, (await FailsAsync(() => h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Handle", "x", provider: TestVaultProvider.Id), None))).Code);

        vault.FailDeletes = false;
        await h.Secrets.DeleteAsync(SecretsHarness.Board, company, handle.Id, None);
        Assert.Empty(await h.RawStore.ListSecretsAsync(company, None));
        Assert.Empty(vault.Values);
    }

    [Fact]
    public async Task Delete_FreesNameAndKeyAtOnce_AFailedProviderDeleteIsRetried_AndRecreateGetsANewId()
    {
        TestVaultProvider vault = new();
        await using SecretsHarness h = new(azurite, [vault]);
        Guid company = await h.CompanyAsync();
        CompanySecret first = await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Mirror token", UniqueValue(), provider: TestVaultProvider.Id), None);

        vault.FailDeletes = true;
        Assert.Equal(SecretErrorCodes.ProviderUnavailable, (await FailsAsync(() => h.Secrets.DeleteAsync(SecretsHarness.Board, company, first.Id, None))).Code);

        // Soft-deleted: hidden, renamed, not found, and its name is free already.
        Assert.Empty(await h.Secrets.ListAsync(SecretsHarness.Board, company, None));
        CompanySecret softDeleted = (await h.RawStore.GetSecretAsync(company, first.Id, None))!.Value;
        Assert.Equal(("Mirror token" + SecretKeys.DeletedSuffix(first.Id), SecretStatus.Deleted), (softDeleted.Name, softDeleted.Status));
        Assert.Equal(404, (await FailsAsync(() => h.Secrets.GetAsync(SecretsHarness.Board, company, first.Id, None))).Status);
        CompanySecret second = await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Mirror token", UniqueValue(), provider: TestVaultProvider.Id), None);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("mirror-token", second.Key);

        // DELETE again is the retry; the provider context still has the original key.
        vault.FailDeletes = false;
        await h.Secrets.DeleteAsync(SecretsHarness.Board, company, first.Id, None);
        Assert.Null(await h.RawStore.GetSecretAsync(company, first.Id, None));
        Assert.Equal([second.Id], (await h.Secrets.ListAsync(SecretsHarness.Board, company, None)).Select(s => s.Id));
    }

    [Fact]
    public async Task Rotate_WritesANewCurrentVersion_PinnedConsumersKeepTheirs_AndANonActiveSecretCannotRotate()
    {
        await using SecretsHarness h = new(azurite);
        Guid company = await h.CompanyAsync();
        string v1 = UniqueValue(), v2 = UniqueValue();
        CompanySecret secret = await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Rotating", v1), None);
        Guid agent = Guid.CreateVersion7();
        await BindAsync(h, company, agent, "ROTATING", secret.Id);

        CompanySecret rotated = await h.Secrets.RotateAsync(SecretsHarness.Board, company, secret.Id, RotateSecretCommand.Parse(Body(new { value = v2 })), None);

        Assert.Equal(2, rotated.LatestVersion);
        Assert.Equal([SecretVersionStatus.Previous, SecretVersionStatus.Current], (await h.Store.ListVersionsAsync(company, secret.Id, None)).Select(v => v.Status));
        Assert.Equal(v2, (await h.Resolver.ResolveAsync(company, secret.Id, null, AgentEnv(agent, "ROTATING"), None)).Reveal());
        Assert.Equal(v1, (await h.Resolver.ResolveAsync(company, secret.Id, 1, AgentEnv(agent, "ROTATING"), None)).Reveal());
        Assert.Equal(SecretErrorCodes.VersionMissing, (await FailsAsync(() => h.Resolver.ResolveAsync(company, secret.Id, 9, AgentEnv(agent, "ROTATING"), None))).Code);

        await h.Secrets.UpdateAsync(SecretsHarness.Board, company, secret.Id, UpdateSecretCommand.Parse(Body(new { status = "disabled" })), None);
        PaperclipException refused = await FailsAsync(() => h.Secrets.RotateAsync(SecretsHarness.Board, company, secret.Id, RotateSecretCommand.Parse(Body(new { value = "v3" })), None));
        Assert.Equal((422, SecretErrorCodes.NotRotatable, "Cannot rotate a non-active secret"), (refused.Status, refused.Code, refused.Message));
        Assert.Equal(2, (await h.Secrets.GetAsync(SecretsHarness.Board, company, secret.Id, None)).LatestVersion);
        Assert.Equal(SecretErrorCodes.SecretInactive, (await FailsAsync(() => h.Resolver.ResolveAsync(company, secret.Id, null, AgentEnv(agent, "ROTATING"), None))).Code);
    }

    [Fact]
    public async Task Update_EnforcesUpstreamsGuards()
    {
        await using SecretsHarness h = new(azurite);
        Guid company = await h.CompanyAsync();
        CompanySecret secret = await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Guarded", UniqueValue()), None);
        await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Other", UniqueValue()), None);

        async Task<string> Code(object patch) => (await FailsAsync(() => h.Secrets.UpdateAsync(SecretsHarness.Board, company, secret.Id, UpdateSecretCommand.Parse(Body(patch)), None))).Code;
        Assert.Equal(SecretErrorCodes.ChangeNotAllowed, await Code(new { status = "deleted" }));
        Assert.Equal(SecretErrorCodes.ModeMismatch, await Code(new { externalRef = "arn:x" }));
        Assert.Equal(SecretErrorCodes.NameTaken, await Code(new { name = "Other" }));
        Assert.Equal(SecretErrorCodes.KeyTaken, await Code(new { key = "OTHER" }));

        CompanySecret renamed = await h.Secrets.UpdateAsync(SecretsHarness.Board, company, secret.Id, UpdateSecretCommand.Parse(Body(new { name = "Guarded 2", key = "guarded_2" })), None);
        Assert.Equal(("Guarded 2", "guarded_2"), (renamed.Name, renamed.Key));

        // The old name and key are free again, the new ones are taken.
        await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Guarded", UniqueValue()), None);
        Assert.Equal(SecretErrorCodes.KeyTaken, (await FailsAsync(() => h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("x", "y", key: "guarded_2"), None))).Code);
    }

    [Fact]
    public async Task DefaultVault_TwoConcurrentWriters_LeaveExactlyOneDefault()
    {
        await using SecretsHarness h = new(azurite);
        Guid company = await h.CompanyAsync();
        SecretVault[] vaults = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
            h.Vaults.CreateAsync(SecretsHarness.Board, company, CreateVaultCommand.Parse(Body(new { provider = "local_encrypted", displayName = $"Local {i}" })), None)));

        for (int round = 0; round < 5; round++)
        {
            await Task.WhenAll(vaults.Select(v => h.Vaults.SetDefaultAsync(SecretsHarness.Board, company, v.Id, None)));
            Assert.Single(await h.Vaults.ListAsync(SecretsHarness.Board, company, None), v => v.IsDefault);
        }

        // Creating a new default demotes the old one in the same write.
        SecretVault third = await h.Vaults.CreateAsync(SecretsHarness.Board, company, CreateVaultCommand.Parse(Body(new { provider = "local_encrypted", displayName = "Local 2", isDefault = true })), None);
        Assert.Equal([third.Id], (await h.Vaults.ListAsync(SecretsHarness.Board, company, None)).Where(v => v.IsDefault).Select(v => v.Id));
    }

    [Fact]
    public async Task DefaultVault_RacingADisable_NeverLeavesADisabledDefault()
    {
        await using SecretsHarness h = new(azurite);
        Guid company = await h.CompanyAsync();
        for (int round = 0; round < 5; round++)
        {
            SecretVault vault = await h.Vaults.CreateAsync(SecretsHarness.Board, company, CreateVaultCommand.Parse(Body(new { provider = "local_encrypted", displayName = $"Race {round}" })), None);
            Task setDefault = h.Vaults.SetDefaultAsync(SecretsHarness.Board, company, vault.Id, None);
            Task disable = h.Vaults.DisableAsync(SecretsHarness.Board, company, vault.Id, None);
            await Task.WhenAll(setDefault.ContinueWith(_ => { }, TaskScheduler.Default), disable.ContinueWith(_ => { }, TaskScheduler.Default));

            // Whichever order they ran in, a disabled vault is never the default.
            SecretVault after = await h.Vaults.GetAsync(SecretsHarness.Board, company, vault.Id, None);
            Assert.True(after.Status != VaultStatus.Disabled || !after.IsDefault, $"round {round}: disabled and default");
            if (setDefault.IsFaulted)
            {
                Assert.Contains(((PaperclipException)setDefault.Exception!.InnerException!).Code, new[] { SecretErrorCodes.VaultNotDefaultable, ErrorCodes.ConcurrencyConflict });
            }
        }
    }

    [Fact]
    public async Task DisabledVault_StopsResolveAndRotate_ForSecretsPinnedToIt_ButDeleteStillWorks()
    {
        await using SecretsHarness h = new(azurite);
        Guid company = await h.CompanyAsync();
        SecretVault vault = await h.Vaults.CreateAsync(SecretsHarness.Board, company, CreateVaultCommand.Parse(Body(new { provider = "local_encrypted", displayName = "Team vault", isDefault = true })), None);
        CompanySecret secret = await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Pinned", UniqueValue(), vault: vault.Id), None);
        Assert.Equal((vault.Id, SecretProviderIds.LocalEncrypted), (secret.ProviderConfigId, secret.Provider));
        Guid agent = Guid.CreateVersion7();
        await BindAsync(h, company, agent, "PINNED", secret.Id);

        SecretVault disabled = await h.Vaults.DisableAsync(SecretsHarness.Board, company, vault.Id, None);
        Assert.Equal((VaultStatus.Disabled, false), (disabled.Status, disabled.IsDefault));

        Assert.Equal(SecretErrorCodes.VaultDisabled, (await FailsAsync(() => h.Resolver.ResolveAsync(company, secret.Id, null, AgentEnv(agent, "PINNED"), None))).Code);
        Assert.Equal(SecretErrorCodes.VaultDisabled, (await FailsAsync(() => h.Secrets.RotateAsync(SecretsHarness.Board, company, secret.Id, RotateSecretCommand.Parse(Body(new { value = "n" })), None))).Code);
        Assert.Equal(SecretErrorCodes.VaultDisabled, (await FailsAsync(() => h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("New", "v", vault: vault.Id), None))).Code);
        Assert.Equal(SecretErrorCodes.VaultNotDefaultable, (await FailsAsync(() => h.Vaults.SetDefaultAsync(SecretsHarness.Board, company, vault.Id, None))).Code);
        Assert.Equal("failure", (await h.Secrets.AccessEventsAsync(SecretsHarness.Board, company, secret.Id, 5, None))[0].Outcome);

        await h.Secrets.DeleteAsync(SecretsHarness.Board, company, secret.Id, None);
        Assert.Empty(await h.Secrets.ListAsync(SecretsHarness.Board, company, None));
    }

    [Fact]
    public async Task VaultConfig_RefusesCredentialShapedFields_AndComingSoonProvidersStayLocked()
    {
        await using SecretsHarness h = new(azurite);
        Guid company = await h.CompanyAsync();

        PaperclipException sensitive = await FailsAsync(() => h.Vaults.CreateAsync(SecretsHarness.Board, company,
            CreateVaultCommand.Parse(Body(new { provider = "local_encrypted", displayName = "Bad", config = new Dictionary<string, string> { ["Secret_Access_Key"] = "AKIA-not-stored" } })), None));
        Assert.Equal(400, sensitive.Status);
        Assert.Equal("Provider vault config cannot persist sensitive field: Secret_Access_Key", Assert.Single(sensitive.Errors!["config.Secret_Access_Key"]));

        SecretVault draft = await h.Vaults.CreateAsync(SecretsHarness.Board, company, CreateVaultCommand.Parse(Body(new { provider = "vault", displayName = "HashiCorp draft" })), None);
        Assert.Equal(VaultStatus.ComingSoon, draft.Status);
        Assert.Equal(SecretErrorCodes.VaultComingSoon, (await FailsAsync(() => h.Vaults.CreateAsync(SecretsHarness.Board, company,
            CreateVaultCommand.Parse(Body(new { provider = "gcp_secret_manager", displayName = "G", status = "ready" })), None))).Code);
        VaultHealthReport health = await h.Vaults.CheckHealthAsync(SecretsHarness.Board, company, draft.Id, None);
        Assert.Equal((VaultHealthStatus.ComingSoon, "runtime_locked"), (health.Status, health.Details["code"]));
        Assert.Equal(SecretErrorCodes.UnsupportedProvider, (await FailsAsync(() => h.Vaults.CreateAsync(SecretsHarness.Board, company,
            CreateVaultCommand.Parse(Body(new { provider = "keepass", displayName = "K" })), None))).Code);
    }

    [Fact]
    public async Task AnAgentKey_IsRefusedOnSecrets_AndAnotherCompanysIdsAreNotFound()
    {
        await using SecretsHarness h = new(azurite);
        Guid company = await h.CompanyAsync();
        Guid other = await h.CompanyAsync();
        CompanySecret secret = await h.Secrets.CreateAsync(SecretsHarness.Board, company, Managed("Mine", UniqueValue()), None);

        Core.Auth.Caller agent = Core.Auth.Caller.Agent(company, Guid.CreateVersion7());
        Assert.Equal(403, (await FailsAsync(() => h.Secrets.ListAsync(agent, company, None))).Status);
        Assert.Equal(403, (await FailsAsync(() => h.Secrets.GetAsync(agent, company, secret.Id, None))).Status);
        Assert.Equal(403, (await FailsAsync(() => h.Vaults.ListAsync(agent, company, None))).Status);
        Assert.Equal(404, (await FailsAsync(() => h.Secrets.GetAsync(SecretsHarness.Board, other, secret.Id, None))).Status);
        Assert.Equal(404, (await FailsAsync(() => h.Secrets.DeleteAsync(SecretsHarness.Board, other, secret.Id, None))).Status);
    }

    static bool OwnerOnlyMode(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0;
}
