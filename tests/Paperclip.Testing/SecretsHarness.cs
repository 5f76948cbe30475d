using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Secrets;
using Paperclip.Core.Services;
using Paperclip.Secrets.Aws;
using Paperclip.Secrets.AzureKeyVault;
using Paperclip.Secrets.Local;
using Paperclip.Storage;
using Paperclip.Storage.Tables;
using Xunit;

namespace Paperclip.Testing;

/// <summary>
/// The secrets services over the real Tables store (Azurite, a fresh table prefix) and the real local provider (a
/// fresh 0600 key file). Extra providers (test doubles that fail on purpose) can be added; the store can be wrapped.
/// </summary>
public sealed class SecretsHarness : IAsyncDisposable
{
    readonly TableStore tables;
    readonly string directory = TestPaths.NewTempDirectory("secrets");

    public SecretsHarness(AzuriteFixture azurite, IEnumerable<ISecretProvider>? extraProviders = null, Func<ISecretStore, ISecretStore>? wrapStore = null, MotoServer? moto = null, KeyVaultFake? keyVault = null)
        : this((azurite ?? throw new ArgumentNullException(nameof(azurite))).ConnectionString, extraProviders, wrapStore, moto, keyVault)
    {
    }

    /// <summary>The harness on a running Azurite's connection string (the benchmark's own Azurite).</summary>
    public SecretsHarness(string connectionString, IEnumerable<ISecretProvider>? extraProviders = null, Func<ISecretStore, ISecretStore>? wrapStore = null, MotoServer? moto = null, KeyVaultFake? keyVault = null)
    {
        if (keyVault is not null)
        {
            this.KeyVault = new AzureKeyVaultSecretProvider(
                new KeyVaultClients(Options.Create(new KeyVaultSecretsOptions { Credential = keyVault.Credential, Transport = keyVault.Transport, DisableChallengeResourceVerification = true })),
                NullLogger<AzureKeyVaultSecretProvider>.Instance);
            extraProviders = [this.KeyVault, .. extraProviders ?? []];
            this.KeyVaultUri = keyVault.VaultUri;
        }

        if (moto is not null)
        {
            AwsTestCredentials.Use();
            this.AwsClient = new SecretsManagerClient(Options.Create(new AwsSecretsOptions { Endpoint = moto.Endpoint }), NullLogger<SecretsManagerClient>.Instance);
            this.Aws = new AwsSecretsManagerProvider(this.AwsClient, Options.Create(new AwsSecretsOptions { Endpoint = moto.Endpoint }));
            extraProviders = [this.Aws, .. extraProviders ?? []];
        }

        this.tables = new TableStore(Options.Create(new TableStoreOptions { ConnectionString = connectionString, TablePrefix = TestPaths.UniqueName("s") }), new StorageOutage(TimeProvider.System));
        this.ConnectionString = connectionString;
        this.RawStore = new SecretStore(this.tables);
        this.Store = wrapStore?.Invoke(this.RawStore) ?? this.RawStore;
        this.Companies = new CompanyRepository(this.tables);
        this.Agents = new AgentRepository(this.tables);
        this.MasterKeyFile = Path.Combine(this.directory, "secrets", "master.key");
        this.MasterKey = new LocalMasterKey(Options.Create(new LocalSecretsOptions { MasterKeyFile = this.MasterKeyFile }));
        this.Local = new LocalEncryptedSecretProvider(this.MasterKey);
        this.Providers = new SecretProviderRegistry([this.Local, .. extraProviders ?? []]);
        Audit audit = new(new ActivityLogRepository(this.tables), TimeProvider.System);
        this.Activity = new ActivityLogRepository(this.tables);
        this.Vaults = new VaultService(this.Companies, this.Store, this.Providers, audit, TimeProvider.System);
        this.Secrets = new SecretService(this.Companies, this.Agents, this.Store, this.Providers, Options.Create(new SecretsOptions()), audit, TimeProvider.System, NullLogger<SecretService>.Instance);
        this.Bindings = new SecretBindingService(this.Store, TimeProvider.System);
        this.Imports = new SecretImportService(this.Store, this.Providers, audit, TimeProvider.System);
        this.Resolver = new SecretResolver(this.Store, this.Providers, TimeProvider.System, NullLogger<SecretResolver>.Instance);
    }

    public string ConnectionString { get; }

    public SecretsManagerClient? AwsClient { get; }

    public AwsSecretsManagerProvider? Aws { get; }

    public AzureKeyVaultSecretProvider? KeyVault { get; }

    public Uri? KeyVaultUri { get; }

    public SecretStore RawStore { get; }

    public ISecretStore Store { get; }

    public CompanyRepository Companies { get; }

    public AgentRepository Agents { get; }

    public ActivityLogRepository Activity { get; }

    public string MasterKeyFile { get; }

    public LocalMasterKey MasterKey { get; }

    public LocalEncryptedSecretProvider Local { get; }

    public SecretProviderRegistry Providers { get; }

    public VaultService Vaults { get; }

    public SecretService Secrets { get; }

    public SecretBindingService Bindings { get; }

    public SecretResolver Resolver { get; }

    public SecretImportService Imports { get; }

    public static Caller Board => Caller.Board;

    /// <summary>An AWS vault on moto with its own namespace (so tests never share managed names).</summary>
    public Task<SecretVault> AwsVaultAsync(Guid companyId, bool isDefault = false) =>
        this.Vaults.CreateAsync(Board, companyId, CreateVaultCommand.Parse(Body(new
        {
            provider = "aws_secrets_manager",
            displayName = "AWS test",
            isDefault,
            config = new { region = "us-east-1", @namespace = "t-" + Guid.NewGuid().ToString("N")[..10] },
        })), CancellationToken.None);

    /// <summary>A Key Vault vault on the fake with its own namespace.</summary>
    public Task<SecretVault> KeyVaultVaultAsync(Guid companyId) =>
        this.Vaults.CreateAsync(Board, companyId, CreateVaultCommand.Parse(Body(new
        {
            provider = "azure_key_vault",
            displayName = "Key Vault test",
            config = new { vaultUri = this.KeyVaultUri!.ToString(), @namespace = "t" + Guid.NewGuid().ToString("N")[..10] },
        })), CancellationToken.None);

    /// <summary>A request body as the API would parse it.</summary>
    public static Core.Validation.RequestBody Body(object value) => Core.Validation.RequestBody.Parse(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value));

    /// <summary>Binds the secret to a fresh agent's <c>env.&lt;variable&gt;</c> and resolves it as that agent's run would.</summary>
    public async Task<string> ResolveBoundAsync(Guid companyId, Guid secretId, int? version = null, string variable = "V")
    {
        Guid agent = Guid.CreateVersion7();
        await this.Bindings.SyncEnvAsync(companyId, SecretBindingTargets.Agent, agent.ToString("D"), new Dictionary<string, EnvBinding> { [variable] = EnvBinding.SecretRef(secretId, version) }, CancellationToken.None);
        SecretResolutionContext context = new(SecretBindingTargets.Agent, agent.ToString("D"), "agent", null, "env." + variable) { RunId = Guid.CreateVersion7() };
        return (await this.Resolver.ResolveAsync(companyId, secretId, version, context, CancellationToken.None)).Reveal();
    }

    /// <summary>A new company.</summary>
    public async Task<Guid> CompanyAsync()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string prefix = "S" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        Company company = new(Guid.CreateVersion7(), "Acme " + prefix, prefix, 0, now, now);
        Assert.True(await this.Companies.TryCreateAsync(company, CancellationToken.None));
        return company.Id;
    }

    /// <summary>Every property of every row of the secrets tables, as text (for plaintext scans).</summary>
    public async Task<string> DumpTablesAsync()
    {
        System.Text.StringBuilder dump = new();
        foreach (string table in new[] { "Secrets", "SecretAccessEvents", "ActivityLog" })
        {
            TableClient client = await this.tables.GetAsync(table, CancellationToken.None);
            await foreach (TableEntity entity in client.QueryAsync<TableEntity>())
            {
                foreach (KeyValuePair<string, object> property in entity)
                {
                    dump.Append(property.Key).Append('=').Append(property.Value).Append('\n');
                }
            }
        }

        return dump.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await this.tables.DeleteAllAsync(CancellationToken.None);
        this.AwsClient?.Dispose();
        TestPaths.TryDelete(this.directory);
    }
}
