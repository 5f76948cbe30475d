using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;

namespace Paperclip.Core.Secrets;

/// <summary>The providers this control plane has, by id; the coming-soon ones are always listed.</summary>
public sealed class SecretProviderRegistry
{
    readonly Dictionary<string, ISecretProvider> providers = new(StringComparer.Ordinal);

    /// <summary>Collects the registered providers and adds the coming-soon stubs.</summary>
    public SecretProviderRegistry(IEnumerable<ISecretProvider> registered)
    {
        ArgumentNullException.ThrowIfNull(registered);
        foreach (ISecretProvider provider in registered)
        {
            this.providers[provider.Descriptor.Id] = provider;
        }

        this.providers.TryAdd(SecretProviderIds.GcpSecretManager, ComingSoonSecretProvider.GcpSecretManager());
        this.providers.TryAdd(SecretProviderIds.HashiCorpVault, ComingSoonSecretProvider.HashiCorpVault());
    }

    /// <summary>The providers in display order.</summary>
    public IReadOnlyList<ISecretProvider> All => SecretProviderIds.All.Where(this.providers.ContainsKey).Select(id => this.providers[id]).ToList();

    /// <summary>True for a known provider id.</summary>
    public bool Has(string id) => this.providers.ContainsKey(id);

    /// <summary>The provider, or 422 unsupported_secret_provider.</summary>
    public ISecretProvider Get(string id) =>
        this.providers.TryGetValue(id, out ISecretProvider? provider)
            ? provider
            : throw PaperclipException.Unprocessable(SecretErrorCodes.UnsupportedProvider, $"Unsupported secret provider: {id}");
}
