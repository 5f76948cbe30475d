using System.Collections.Concurrent;

namespace Paperclip.Secrets.Tests;

/// <summary>
/// A fault-injecting provider for the service's failure paths (write, cleanup and delete failures cannot be forced on a
/// real vault on demand). Values live in memory, keyed by a reference it hands out; it counts every call.
/// </summary>
public sealed class TestVaultProvider : ISecretProvider
{
    public const string Id = "test_vault";

    public ConcurrentDictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public bool FailWrites { get; set; }

    public bool FailDeletes { get; set; }

    int deletes;
    int archives;

    public int Deletes => this.deletes;

    public int Archives => this.archives;

    public SecretProviderDescriptor Descriptor { get; } = new(Id, "Test vault", false, true, true, true) { SupportsRemoteListing = true };

    public VaultConfigSchema ConfigSchema { get; } = new(Id, VaultSetting.Text("region"));

    public Task<ProviderWrite> CreateSecretAsync(SecretWriteContext context, SecretValue value, CancellationToken cancellationToken) => Task.FromResult(this.Write(context, value));

    public Task<ProviderWrite> CreateVersionAsync(SecretWriteContext context, SecretValue value, string? externalRef, CancellationToken cancellationToken) => Task.FromResult(this.Write(context, value));

    public Task<ProviderWrite> LinkExternalAsync(SecretWriteContext context, string externalRef, string? providerVersionRef, CancellationToken cancellationToken) =>
        this.FailWrites ? throw new SecretProviderException(ProviderErrorKind.InvalidRequest, "Test vault", "Link") : Task.FromResult(new ProviderWrite(externalRef, externalRef, providerVersionRef, "fp-" + externalRef));

    public Task<SecretValue> ResolveAsync(SecretReadContext context, CancellationToken cancellationToken) =>
        this.Values.TryGetValue(context.Material ?? string.Empty, out string? value)
            ? Task.FromResult(new SecretValue(value))
            : throw new SecretProviderException(ProviderErrorKind.NotFound, "Test vault", "Get");

    public Task DeleteOrArchiveAsync(SecretReadContext context, bool archiveOnly, CancellationToken cancellationToken)
    {
        if (this.FailDeletes)
        {
            throw new SecretProviderException(ProviderErrorKind.Unavailable, "Test vault", archiveOnly ? "Archive" : "Delete");
        }

        if (archiveOnly)
        {
            Interlocked.Increment(ref this.archives);
        }
        else
        {
            Interlocked.Increment(ref this.deletes);
            this.Values.TryRemove(context.Material ?? string.Empty, out _);
        }

        return Task.CompletedTask;
    }

    public Task<ProviderHealth> CheckHealthAsync(SecretVault? vault, CancellationToken cancellationToken) => Task.FromResult(new ProviderHealth(Id, ProviderHealth.Ok, "fine"));

    public Task<RemoteSecretPage> ListRemoteAsync(SecretVault vault, string? query, string? nextToken, int pageSize, CancellationToken cancellationToken) =>
        Task.FromResult(new RemoteSecretPage([], null));

    ProviderWrite Write(SecretWriteContext context, SecretValue value)
    {
        if (this.FailWrites)
        {
            throw new SecretProviderException(ProviderErrorKind.Unavailable, "Test vault", "Put");
        }

        string reference = $"ref-{context.SecretId:N}-{context.Version}";
        this.Values[reference] = value.Reveal();
        return new ProviderWrite(reference, $"test://{context.SecretId:N}", $"v{context.Version}", "fp-" + reference);
    }
}
