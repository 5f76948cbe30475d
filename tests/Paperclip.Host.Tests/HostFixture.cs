using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>One Azurite and one self-host for the end-to-end tests; every test works in its own company.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    /// <summary>The storage emulator.</summary>
    public AzuriteFixture Azurite { get; } = new();

    /// <summary>The running self-host.</summary>
    public SelfHostInstance Host { get; private set; } = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        await this.Azurite.InitializeAsync();
        this.Host = await SelfHostInstance.StartAsync(SelfHostInstance.NewSettings(this.Azurite.ConnectionString));
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (this.Host is not null)
        {
            await this.Host.DisposeAsync();
        }

        await this.Azurite.DisposeAsync();
    }
}

/// <summary>The collection sharing <see cref="HostFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "self-host";
}
