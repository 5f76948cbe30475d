using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Paperclip.Ssh.Bridge;

namespace Paperclip.Ssh.Tests;

/// <summary>
/// The queue bridge's box-side server (the real entrypoint, on this machine's node) driven as the control plane drives
/// it: its request announcements read from stdout, answers written to stdin as lines. For the server's own file rules.
/// </summary>
internal sealed class BoxSideServer : IAsyncDisposable
{
    readonly Process node;
    readonly HttpClient http;
    readonly Channel<string> announced = Channel.CreateUnbounded<string>();
    readonly Task reading;

    BoxSideServer(Process node, string queue, JsonNode ready)
    {
        (this.node, this.Queue, this.QueueFiles) = (node, queue, ready["queueFiles"]!.GetValue<string>());
        string baseUrl = ready["baseUrl"]!.GetValue<string>();
        this.http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(120) };
        this.reading = Task.Run(this.ReadAnnouncementsAsync);
    }

    /// <summary>The server's queue directory.</summary>
    public string Queue { get; }

    /// <summary>Where its request and response files are: a private directory under the RAM directory, or <see cref="Queue"/>.</summary>
    public string QueueFiles { get; }

    /// <summary>
    /// Installs the entrypoint under <paramref name="root"/> and starts the server with a queue beside it, its request
    /// and response files under <paramref name="ram"/> (by default <c>root/ram</c>, so a test leaves nothing elsewhere).
    /// </summary>
    public static async Task<BoxSideServer> StartAsync(string root, string? ram = null)
    {
        string queue = Path.Combine(root, "queue-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(queue);
        string entry = Path.Combine(root, BridgeEntrypoint.FileName);
        await File.WriteAllBytesAsync(entry, BridgeEntrypoint.Content);
        string token = "pcbt_" + Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(Path.Combine(queue, "token"), token + "\n");

        ram ??= Path.Combine(root, "ram");
        Directory.CreateDirectory(ram);
        ProcessStartInfo start = new("node", [entry, queue, "262144", "64", "30000", ram]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        Process node = Process.Start(start)!;
        string ready = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException("The server ended before it was ready.");
        BoxSideServer server = new(node, queue, JsonNode.Parse(ready)!);
        server.http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return server;
    }

    /// <summary>One call from the box's side: its status and body.</summary>
    public async Task<(int Status, string Body)> GetAsync()
    {
        using HttpResponseMessage response = await this.http.GetAsync(new Uri("/api/agents/me", UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The ids of the next <paramref name="count"/> requests the server announces.</summary>
    public async Task<string[]> NextRequestsAsync(int count)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(120));
        string[] ids = new string[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = await this.announced.Reader.ReadAsync(timeout.Token);
        }

        return ids;
    }

    /// <summary>Answers a request (200, <paramref name="body"/>) as the control plane does: one line on the server's stdin.</summary>
    public async Task AnswerAsync(string id, string body)
    {
        JsonObject response = new() { ["id"] = id, ["status"] = 200, ["headers"] = new JsonObject { ["content-type"] = "text/plain" }, ["body"] = body };
        await this.node.StandardInput.WriteLineAsync(response.ToJsonString());
        await this.node.StandardInput.FlushAsync();
    }

    /// <summary>Kills the server at once (SIGKILL: no exit handler runs), as a box's OOM killer or a reboot would.</summary>
    public async Task KillAsync()
    {
        this.node.Kill();
        await this.node.WaitForExitAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // The server exits when its stdin ends.
        if (!this.node.HasExited)
        {
            this.node.StandardInput.Close();
        }

        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
        try
        {
            await this.node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            this.node.Kill(entireProcessTree: true);
        }

        await this.reading;
        this.node.Dispose();
        this.http.Dispose();
    }

    async Task ReadAnnouncementsAsync()
    {
        while (await this.node.StandardOutput.ReadLineAsync() is { } line)
        {
            if (JsonNode.Parse(line) is JsonObject { } announcement && announcement["event"]?.GetValue<string>() == "request")
            {
                await this.announced.Writer.WriteAsync(announcement["request"]!["id"]!.GetValue<string>());
            }
        }

        this.announced.Writer.Complete();
    }
}
