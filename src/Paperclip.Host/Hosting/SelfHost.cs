using Microsoft.Extensions.Options;
using Paperclip.Api;
using Paperclip.Core;
using Paperclip.Core.Auth;
using Paperclip.Core.Ports;
using Paperclip.Host.Durable;
using Paperclip.Runs;
using Paperclip.Secrets;
using Paperclip.Secrets.Aws;
using Paperclip.Bridge;
using Paperclip.Ssh;
using Paperclip.Secrets.AzureKeyVault;
using Paperclip.Secrets.Local;
using Paperclip.Storage;
using Paperclip.Storage.Azurite;

namespace Paperclip.Host.Hosting;

/// <summary>
/// Builds the self-host: the shared services and API on ASP.NET Core, the durable code on the Durable Task
/// Framework, and — when no storage connection is configured — a private Azurite started from node_modules.
/// </summary>
public static class SelfHost
{
    /// <summary>The Functions local default address, used when none is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>
    /// Builds the app. <paramref name="configure"/> runs first (settings); <paramref name="overrideServices"/> runs after
    /// the product's registrations, so tests can decorate a service (for example to inject a storage failure).
    /// </summary>
    public static async Task<WebApplication> BuildAsync(
        string[] args,
        Action<WebApplicationBuilder>? configure = null,
        Action<IServiceCollection>? overrideServices = null,
        CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        ConfigurationManager config = builder.Configuration;
        string? configuredUrls = new[] { config["urls"], config["ASPNETCORE_URLS"], config["URLS"] }.FirstOrDefault(u => !string.IsNullOrEmpty(u));
        string listen = configuredUrls ?? (config["PAPERCLIP_PORT"] is { Length: > 0 } port ? $"http://127.0.0.1:{port}" : DefaultUrl);
        if (configuredUrls is null)
        {
            builder.WebHost.UseUrls(listen);
        }

        string dataDirectory = Path.GetFullPath(config[$"{PaperclipOptions.Section}:DataDirectory"] is { Length: > 0 } d
            ? d
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "paperclip"));
        Directory.CreateDirectory(dataDirectory);

        // One host per data directory, held until this process exits; everything after it is released if the start fails.
        DataDirectoryLock dataLock = DataDirectoryLock.Acquire(dataDirectory, listen);
        AzuriteProcess? azurite = null;
        try
        {
            return await BuildAsync(builder, listen, dataDirectory, dataLock, started => azurite = started, overrideServices, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }

            dataLock.Dispose();
            throw;
        }
    }

    static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, string listen, string dataDirectory, DataDirectoryLock dataLock,
        Action<AzuriteProcess> started, Action<IServiceCollection>? overrideServices, CancellationToken cancellationToken)
    {
        ConfigurationManager config = builder.Configuration;
        Dictionary<string, string?> computed = new() { [$"{PaperclipOptions.Section}:DataDirectory"] = dataDirectory };
        if (string.IsNullOrEmpty(config[$"{PaperclipOptions.Section}:PublicUrl"]))
        {
            // Agents on this machine call back to the (first) address the self-host listens on.
            computed[$"{PaperclipOptions.Section}:PublicUrl"] = listen.Split(';')[0].TrimEnd('/');
        }

        // Key files are checked before anything starts: one that others can read stops the start with a clear message.
        string masterKeyFile = Path.Combine(dataDirectory, "secrets", "master.key");
        new LocalMasterKey(Options.Create(LocalSecretsOptions.From(config, masterKeyFile))).EnsureLoaded();
        (BoardKey boardKey, string? boardKeyPath) = BoardKeyFile.Resolve(config["PAPERCLIP_BOARD_KEY"], dataDirectory);

        // The Functions app's storage setting is honoured too, so one environment serves both hosts.
        string? connection = config[$"{TableStoreOptions.Section}:ConnectionString"] is { Length: > 0 } c ? c : config["AzureWebJobsStorage"];
        AzuriteProcess? azurite = null;
        IReadOnlyList<int> leftovers = [];
        string azuriteLocation = Path.Combine(dataDirectory, "azurite");
        if (string.IsNullOrEmpty(connection))
        {
            string executable = AzuriteProcess.FindExecutable(AppContext.BaseDirectory) ?? AzuriteProcess.FindExecutable(Directory.GetCurrentDirectory())
                ?? throw new InvalidOperationException("No storage is configured and node_modules/.bin/azurite was not found; run scripts/run.sh (it installs Azurite) or set Paperclip__Storage__ConnectionString.");

            // This host holds the data directory, so an Azurite still on its files belongs to a host that is gone.
            leftovers = await AzuriteProcess.StopLeftoversAsync(azuriteLocation, cancellationToken).ConfigureAwait(false);
            azurite = await AzuriteProcess.StartAsync(executable, azuriteLocation, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            started(azurite);
            connection = azurite.ConnectionString;
        }

        computed[$"{TableStoreOptions.Section}:ConnectionString"] = connection;
        builder.Configuration.AddInMemoryCollection(computed);

        // The first hosted service, so the last to stop: Azurite and the data directory outlive the durable worker's drain.
        // Created by a factory, so the container also disposes it when the app is disposed without having run.
        builder.Services.AddSingleton(_ => new DataDirectoryOwnership(dataLock, azurite));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DataDirectoryOwnership>());
        builder.Services.AddSingleton(boardKey);

        builder.Services.AddPaperclipRuns();
        builder.Services.AddPaperclipTables();
        builder.Services.AddPaperclipLocalSecrets(masterKeyFile);
        builder.Services.AddPaperclipAwsSecrets();
        builder.Services.AddPaperclipSsh();
        builder.Services.AddPaperclipBridge();
        builder.Services.AddPaperclipKeyVaultSecrets();
        builder.Services.AddOptions<DurableOptions>().BindConfiguration(DurableOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SelfHostOptions>().BindConfiguration(SelfHostOptions.Section);
        builder.Services.AddSingleton<DtfxRuntime>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DtfxRuntime>());
        builder.Services.AddSingleton<IDurableEngine, DtfxDurableEngine>();
        builder.Services.AddRunWatcher();
        builder.Services.AddHostedService<HeartbeatTimer>();
        builder.Services.AddSingleton<PaperclipApi>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));
        overrideServices?.Invoke(builder.Services);

        WebApplication app = builder.Build();

        // Created now, so disposing an app that never ran still releases the directory and stops Azurite.
        _ = app.Services.GetRequiredService<DataDirectoryOwnership>();
        foreach (int pid in leftovers)
        {
            Log.AzuriteLeftoverStopped(app.Logger, pid, azuriteLocation);
        }

        if (azurite is not null)
        {
            Log.AzuriteStarted(app.Logger, azuriteLocation);
        }

        if (boardKeyPath is not null)
        {
            Log.BoardKeyFile(app.Logger, boardKeyPath);
        }

        Log.DataDirectory(app.Logger, dataDirectory);
        app.MapPaperclipApi();
        return app;
    }
}
