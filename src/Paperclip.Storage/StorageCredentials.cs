using Azure.Core;
using Azure.Identity;

namespace Paperclip.Storage;

/// <summary>The Entra ID credential for identity-based storage access (the user-assigned identity when one is named).</summary>
internal static class StorageCredentials
{
    public static TokenCredential For(TableStoreOptions options) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId });
}
