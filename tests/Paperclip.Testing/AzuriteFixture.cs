using Paperclip.Storage.Azurite;

using Xunit;

namespace Paperclip.Testing;

/// <summary>One private Azurite per test assembly, on free loopback ports, removed afterwards.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    readonly string location = Path.Combine(Path.GetTempPath(), "paperclip-tests-azurite-" + Guid.NewGuid().ToString("N")[..12]);
    AzuriteProcess? azurite;

    /// <summary>The connection string of the running instance.</summary>
    public string ConnectionString => this.azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not running.");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        string executable = AzuriteProcess.FindExecutable(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("node_modules/.bin/azurite not found: run scripts/test.sh (it installs Azurite).");
        this.azurite = await AzuriteProcess.StartAsync(executable, this.location, TimeSpan.FromSeconds(90), CancellationToken.None);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (this.azurite is not null)
        {
            await this.azurite.DisposeAsync();
        }

        TestPaths.TryDelete(this.location);
    }
}
