using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Host.Hosting;

namespace Paperclip.Testing;

/// <summary>The self-host running in the test process on a free loopback port, with its own task hub and tables.</summary>
public sealed class SelfHostInstance : IAsyncDisposable
{
    SelfHostInstance(WebApplication app, Uri baseAddress, string boardKey, string dataDirectory, IReadOnlyDictionary<string, string?> settings)
    {
        this.App = app;
        this.BaseAddress = baseAddress;
        this.BoardKey = boardKey;
        this.DataDirectory = dataDirectory;
        this.Settings = settings;
        this.Board = new ApiClient(baseAddress, boardKey);
    }

    /// <summary>The running app.</summary>
    public WebApplication App { get; }

    /// <summary>http://127.0.0.1:port/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The board key.</summary>
    public string BoardKey { get; }

    /// <summary>The data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The settings this instance was started with (to start a second host on the same hub).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>A client authenticated as the board.</summary>
    public ApiClient Board { get; }

    /// <summary>Settings for a fresh, isolated instance on <paramref name="connectionString"/>.</summary>
    public static Dictionary<string, string?> NewSettings(string connectionString) => new()
    {
        ["Paperclip:Storage:ConnectionString"] = connectionString,
        ["Paperclip:Storage:TablePrefix"] = TestPaths.UniqueName("t"),
        ["Paperclip:Durable:TaskHubName"] = TestPaths.UniqueName("hub"),
        ["Paperclip:Durable:MaxQueuePollingInterval"] = "00:00:00.200",

        // Tests tick the heartbeat themselves; the background timer would race them.
        ["Paperclip:SelfHost:HeartbeatInterval"] = "01:00:00",
        ["Paperclip:DataDirectory"] = TestPaths.NewTempDirectory("data"),
        ["PAPERCLIP_BOARD_KEY"] = "pcbk_test_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
    };

    /// <summary>Starts an instance.</summary>
    public static async Task<SelfHostInstance> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? overrideServices = null)
    {
        int port = FreePort();
        Uri baseAddress = new($"http://127.0.0.1:{port}/");
        Dictionary<string, string?> all = new(settings) { ["urls"] = baseAddress.ToString().TrimEnd('/') };
        WebApplication app = await SelfHost.BuildAsync([], b => b.Configuration.AddInMemoryCollection(all), overrideServices);
        await app.StartAsync();
        return new SelfHostInstance(app, baseAddress, all["PAPERCLIP_BOARD_KEY"]!, all["Paperclip:DataDirectory"]!, all);
    }

    /// <summary>A free loopback TCP port.</summary>
    public static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        this.Board.Dispose();
        await this.App.StopAsync();
        await this.App.DisposeAsync();
        TestPaths.TryDelete(this.DataDirectory);
    }
}
