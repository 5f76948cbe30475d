using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paperclip.Core.Ports;
using Paperclip.Functions.Durable;
using Paperclip.Functions.Http;
using Paperclip.Storage;

namespace Paperclip.Functions.Tests;

/// <summary>The Functions host cannot run here, so its composition is checked directly: every function class resolves.</summary>
public sealed class FunctionsWiringTests
{
    static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        ServiceCollection services = new();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddPaperclipFunctions(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    static Dictionary<string, string?> Settings() => new()
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["PAPERCLIP_BOARD_KEY"] = new string('k', 40),
        ["Paperclip:DataDirectory"] = Path.GetTempPath(),
    };

    [Fact]
    public void EveryFunctionClass_Resolves()
    {
        using ServiceProvider provider = Build(Settings());
        Assert.NotNull(ActivatorUtilities.CreateInstance<ApiFunctions>(provider));
        Assert.NotNull(ActivatorUtilities.CreateInstance<RunFunctions>(provider));
        Assert.NotNull(ActivatorUtilities.CreateInstance<HeartbeatFunction>(provider));
        Assert.IsType<FunctionsDurableEngine>(provider.GetRequiredService<IDurableEngine>());
        Assert.Equal("UseDevelopmentStorage=true", provider.GetRequiredService<IOptions<TableStoreOptions>>().Value.ConnectionString);
    }

    [Fact]
    public void Storage_FollowsTheHostsIdentityBasedSetting()
    {
        Dictionary<string, string?> settings = Settings();
        settings.Remove("AzureWebJobsStorage");
        settings["AzureWebJobsStorage:accountName"] = "paperclipprod";
        settings["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001";
        using ServiceProvider provider = Build(settings);
        TableStoreOptions options = provider.GetRequiredService<IOptions<TableStoreOptions>>().Value;
        Assert.Equal(new Uri("https://paperclipprod.table.core.windows.net"), options.ServiceUri);
        Assert.Equal("00000000-0000-0000-0000-000000000001", options.ManagedIdentityClientId);
        Assert.Null(options.ConnectionString);
    }

    [Fact]
    public void MissingBoardKey_FailsWithAClearMessage()
    {
        Dictionary<string, string?> settings = Settings();
        settings.Remove("PAPERCLIP_BOARD_KEY");
        using ServiceProvider provider = Build(settings);
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<Paperclip.Core.Auth.BoardKey>());
        Assert.Contains("PAPERCLIP_BOARD_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DurableClientScope_WithoutABoundClientFailsClearly()
    {
        InvalidOperationException ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new FunctionsDurableEngine(TimeProvider.System).GetRunAsync(Guid.NewGuid(), CancellationToken.None));
        Assert.Contains("[DurableClient]", ex.Message, StringComparison.Ordinal);
    }
}
