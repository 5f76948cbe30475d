using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Paperclip.Core;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Storage.Tables;
using Paperclip.Testing;

namespace Paperclip.Storage.Tests;

/// <summary>
/// The authenticator over the real key and agent tables: an agent key found good is taken as good for the cache's TTL
/// (another instance's revocation shows within it), but its secret and expiry are checked on every call, and a key
/// revoked through this instance stops at once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuthenticatorTests(AzuriteFixture azurite) : IAsyncLifetime
{
    static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    TableStore store = null!;
    AgentKeyRepository keys = null!;

    public Task InitializeAsync()
    {
        this.store = new(Options.Create(new TableStoreOptions { ConnectionString = azurite.ConnectionString, TablePrefix = TestPaths.UniqueName("t") }), new StorageOutage(TimeProvider.System));
        this.keys = new AgentKeyRepository(this.store);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => this.store.DeleteAllAsync(CancellationToken.None);

    [Fact]
    public async Task AKeyFoundGood_IsTakenAsGoodForTheTtl_ThenReadAgain_SoAnotherInstancesRevocationShows()
    {
        (AgentApiKey record, string key) = await this.NewKeyAsync();
        Authenticator authenticator = this.NewAuthenticator(Ttl);
        Caller caller = await authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None);
        Assert.Equal((record.CompanyId, record.AgentId), (caller.CompanyId, caller.AgentId));

        // Another instance revokes it in storage: this one, which remembers it, takes it until the TTL is over.
        await this.keys.SaveAsync(record with { RevokedAt = this.time.GetUtcNow() }, CancellationToken.None);
        this.time.Advance(Ttl - TimeSpan.FromMilliseconds(1));
        Assert.Equal(record.AgentId, (await authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None)).AgentId);
        this.time.Advance(TimeSpan.FromMilliseconds(1));
        await AssertRefusedAsync(authenticator, key);
    }

    [Fact]
    public async Task ARememberedKey_StillNeedsItsSecret_AndStopsAtItsExpiry()
    {
        (AgentApiKey record, string key) = await this.NewKeyAsync(expiresIn: TimeSpan.FromSeconds(2));
        Authenticator authenticator = this.NewAuthenticator(Ttl);
        await authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None);

        // Same company and key id, another secret.
        string forged = key[..key.LastIndexOf('_')] + "_" + new string('A', 43);
        await AssertRefusedAsync(authenticator, forged);

        this.time.Advance(TimeSpan.FromSeconds(2));
        await AssertRefusedAsync(authenticator, key);
        Assert.Null((await this.keys.GetAsync(record.CompanyId, record.Id, CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task AKeyRevokedThroughThisInstance_StopsAtOnce_AndIsStoredRevoked()
    {
        (AgentApiKey record, string key) = await this.NewKeyAsync();
        Authenticator authenticator = this.NewAuthenticator(Ttl);
        await authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None);

        await authenticator.RevokeAsync(record, CancellationToken.None);

        await AssertRefusedAsync(authenticator, key);
        await AssertRefusedAsync(this.NewAuthenticator(Ttl), key);
        Assert.NotNull((await this.keys.GetAsync(record.CompanyId, record.Id, CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task WithNoTtl_EveryCallReadsTheKey()
    {
        (AgentApiKey record, string key) = await this.NewKeyAsync();
        Authenticator authenticator = this.NewAuthenticator(TimeSpan.Zero);
        await authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None);

        await this.keys.SaveAsync(record with { RevokedAt = this.time.GetUtcNow() }, CancellationToken.None);

        await AssertRefusedAsync(authenticator, key);
    }

    static async Task AssertRefusedAsync(Authenticator authenticator, string key)
    {
        PaperclipException refused = await Assert.ThrowsAsync<PaperclipException>(() => authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None));
        Assert.Equal((401, ErrorCodes.Unauthorized), (refused.Status, refused.Code));
    }

    Authenticator NewAuthenticator(TimeSpan ttl) =>
        new(new BoardKey("board-" + Guid.NewGuid().ToString("N")), this.keys, new AgentRepository(this.store), Options.Create(new PaperclipOptions { AgentKeyCacheTtl = ttl }), this.time);

    async Task<(AgentApiKey Record, string Key)> NewKeyAsync(TimeSpan? expiresIn = null)
    {
        DateTimeOffset now = this.time.GetUtcNow();
        Agent agent = new(Guid.CreateVersion7(), Guid.CreateVersion7(), "auth", AgentStatus.Idle, "process", new ProcessAdapterConfig("true", [], null), null, now, now);
        await new AgentRepository(this.store).CreateAsync(agent, CancellationToken.None);
        Guid keyId = Guid.CreateVersion7();
        (string key, byte[] salt, byte[] hash) = ApiKeyFormat.Create(agent.CompanyId, keyId);
        AgentApiKey record = new(keyId, agent.CompanyId, agent.Id, "test", salt, hash, now, null) { ExpiresAt = now + expiresIn };
        await this.keys.CreateAsync(record, CancellationToken.None);
        return (record, key);
    }
}
