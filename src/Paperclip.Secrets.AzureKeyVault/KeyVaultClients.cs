using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;

namespace Paperclip.Secrets.AzureKeyVault;

/// <summary>One <see cref="SecretClient"/> per vault and identity, created once (the analogue of AWS's per-region client cache).</summary>
public sealed class KeyVaultClients(IOptions<KeyVaultSecretsOptions> options)
{
    readonly ConcurrentDictionary<(Uri Vault, string? ClientId, string? TenantId), SecretClient> clients = new();

    /// <summary>The client of a scope's vault.</summary>
    public SecretClient For(KeyVaultScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return this.clients.GetOrAdd((scope.VaultUri, scope.ClientId, scope.TenantId), key =>
        {
            KeyVaultSecretsOptions o = options.Value;
            SecretClientOptions clientOptions = new()
            {
                DisableChallengeResourceVerification = o.DisableChallengeResourceVerification,
                Retry = { MaxRetries = o.MaxRetries, NetworkTimeout = o.NetworkTimeout },
            };
            if (o.Transport is { } transport)
            {
                clientOptions.Transport = transport;
            }

            TokenCredential credential = o.Credential ?? new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = key.ClientId,
                TenantId = key.TenantId,
            });
            return new SecretClient(key.Vault, credential, clientOptions);
        });
    }
}
