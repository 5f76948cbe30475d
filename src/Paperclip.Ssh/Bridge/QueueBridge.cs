using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Renci.SshNet;

namespace Paperclip.Ssh.Bridge;

/// <summary>
/// Queue mode (<c>queue_v1</c>), for servers that forbid forwarding: upstream's file queue on the box, driven over the
/// run's one SSH connection. The box-side server (<see cref="BridgeEntrypoint"/>, needs Node.js 18+) runs on a channel
/// of that connection for the run's life: it writes each request to <c>requests/&lt;id&gt;.json</c> and announces it on
/// its stdout, so nothing polls over SSH; each request is served at once, concurrently with the others and in arrival
/// order, by the host-side bridge (the same checks as the tunnel's), and its answer sent back as a line on the server's
/// stdin, which the server writes as <c>responses/&lt;id&gt;.json</c> — through a temp file and a rename, under the box's
/// bridge mutex (<see cref="RemoteMutex"/>'s), and only while the request is still waiting. Closing the route closes
/// the server's stdin: it exits, and the queue directory is removed.
/// </summary>
internal sealed class QueueBridge : IAsyncDisposable
{
    /// <summary>Upstream's limits.</summary>
    internal const int MaxBodyBytes = 256 * 1024;

    const int MaxQueueDepth = 64;
    const int ResponseTimeoutMs = 30_000;
    static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

    readonly SshClient client;
    readonly string queue;
    readonly SshCommand server;
    readonly Stream stdin;
    readonly Task execution;
    readonly CancellationTokenSource stopping = new();

    /// <summary>One answer at a time on the server's stdin.</summary>
    readonly SemaphoreSlim writes = new(1, 1);
    readonly List<Task> serving = [];
    readonly TaskCompletionSource<string?> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    Task pump = Task.CompletedTask;

    QueueBridge(SshClient client, string queue, SshCommand server, Stream stdin, Task execution) =>
        (this.client, this.queue, this.server, this.stdin, this.execution) = (client, queue, server, stdin, execution);

    /// <summary>The box-side server's URL on the box's loopback.</summary>
    internal string ApiUrl { get; private set; } = string.Empty;

    /// <summary>
    /// Installs (or finds) the entrypoint under <paramref name="assets"/>, starts the server for the run with its queue
    /// in <paramref name="queueDirectory"/>, and serves it until disposed. The token goes to the box in a file only its
    /// user can read, through a channel's stdin; the server deletes it once read.
    /// </summary>
    internal static async Task<QueueBridge> StartAsync(SshClient client, string assets, string queueDirectory, BridgeRegistration registration, CancellationToken cancellationToken)
    {
        string node = (await RemoteCommand.RunAsync(client, "command -v node || true", null, cancellationToken).ConfigureAwait(false)).Trim();
        if (node.Length == 0)
        {
            throw new PaperclipException(503, ErrorCodes.BridgeUnavailable, "Callback bridge unavailable",
                "The box forbids SSH forwarding, and the queue bridge needs Node.js 18 or later on its PATH (node was not found).");
        }

        await BridgeEntrypoint.UploadAsync(client, assets, cancellationToken).ConfigureAwait(false);
        string q = RemoteShell.Quote(queueDirectory);
        await RemoteCommand.RunAsync(client, $"umask 077 && mkdir -p {q} && cat > {q}/token", registration.Token.Reveal() + "\n", cancellationToken).ConfigureAwait(false);

        string start = string.Create(CultureInfo.InvariantCulture,
            $"exec {RemoteShell.Quote(node)} {RemoteShell.Quote($"{assets}/{BridgeEntrypoint.FileName}")} {q} {MaxBodyBytes} {MaxQueueDepth} {ResponseTimeoutMs} 2>> {q}/bridge.log");
        SshCommand server = client.CreateCommand(start);
        Task execution = await RemoteCommand.StartAsync(server, CancellationToken.None, cancellationToken).ConfigureAwait(false);
        Stream stdin = RemoteCommand.TryInputStream(server) ?? throw new PaperclipException(503, ErrorCodes.BridgeUnavailable, "Callback bridge unavailable", "The box's bridge server ended at once; see its bridge.log.");
        QueueBridge bridge = new(client, queueDirectory, server, stdin, execution);

        // The server's stdout is read by a thread of its own: SSH.NET's stream only blocks (its ReadAsync is a blocking
        // read in disguise, deaf to cancellation), and a line protocol must not hold a pool thread hostage.
        bridge.pump = Task.Factory.StartNew(() => bridge.Pump(new StreamReader(server.OutputStream, Encoding.UTF8), registration), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            bridge.ApiUrl = await bridge.ready.Task.WaitAsync(ReadyTimeout, cancellationToken).ConfigureAwait(false)
                ?? throw new PaperclipException(503, ErrorCodes.BridgeUnavailable, "Callback bridge unavailable", "The box's bridge server ended without reporting a listening port; see its bridge.log.");
        }
        catch (TimeoutException ex)
        {
            await bridge.DisposeAsync().ConfigureAwait(false);
            throw new PaperclipException(503, ErrorCodes.BridgeUnavailable, "Callback bridge unavailable", "The box's bridge server did not get ready within 10 s; see its bridge.log.", null, ex);
        }
        catch
        {
            await bridge.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return bridge;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await this.stopping.CancelAsync().ConfigureAwait(false);

        // Requests still being served answer 503 bridge_stopped down the server's stdin first.
        Task[] inFlight;
        lock (this.serving)
        {
            inFlight = [.. this.serving];
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);

        // The server exits when its stdin ends; its queue goes with the route.
        await this.writes.WaitAsync().ConfigureAwait(false);
        try
        {
            await this.stdin.DisposeAsync().ConfigureAwait(false);
            await this.execution.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or Renci.SshNet.Common.SshException or OperationCanceledException or InvalidOperationException)
        {
            // A server that does not go is cut off with the channel below.
        }
        finally
        {
            this.writes.Release();
        }

        // Disposing the command ends its output, and with it the pump's read.
        this.server.Dispose();
        await Task.WhenAny(this.pump, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        if (this.client.IsConnected)
        {
            try
            {
                await RemoteCommand.RunAsync(this.client, $"rm -rf -- {RemoteShell.Quote(this.queue)}", null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or Renci.SshNet.Common.SshException)
            {
                // Left for the run directory's removal at finalize.
            }
        }

        this.stopping.Dispose();
        this.writes.Dispose();
    }

    /// <summary>
    /// Reads the server's announcements until it ends: its ready line first, then each request, served on its own in
    /// the order announced.
    /// </summary>
    void Pump(StreamReader events, BridgeRegistration registration)
    {
        try
        {
            while (events.ReadLine() is { } line)
            {
                JsonNode? announced;
                try
                {
                    announced = JsonNode.Parse(line);
                }
                catch (JsonException)
                {
                    continue;
                }

                switch (announced?["event"]?.GetValue<string>())
                {
                    case "ready":
                        this.ready.TrySetResult(announced["baseUrl"]?.GetValue<string>());
                        break;
                    case "request" when announced["request"] is JsonObject request && !this.stopping.IsCancellationRequested:
                        Task served = this.ServeAsync(request, registration);
                        lock (this.serving)
                        {
                            this.serving.RemoveAll(t => t.IsCompleted);
                            this.serving.Add(served);
                        }

                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The server or the connection went away: its clients get their answers from the server's own timeout.
        }
        finally
        {
            this.ready.TrySetResult(null);
        }
    }

    /// <summary>Hands the request to the host-side bridge (its checks, then the API), and writes its answer back.</summary>
    async Task ServeAsync(JsonObject request, BridgeRegistration registration)
    {
        string id = request["id"]?.GetValue<string>() ?? string.Empty;
        if (!Guid.TryParse(id, out _))
        {
            return;
        }

        JsonObject response;
        try
        {
            Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase);
            foreach ((string name, JsonNode? value) in request["headers"] as JsonObject ?? [])
            {
                if (value is not null)
                {
                    headers[name] = value.GetValue<string>();
                }
            }

            string method = (request["method"]?.GetValue<string>() ?? "GET").ToUpperInvariant();
            byte[]? body = method is "GET" or "HEAD" ? null : Encoding.UTF8.GetBytes(request["body"]?.GetValue<string>() ?? string.Empty);
            BridgeCall call = new(method, request["path"]?.GetValue<string>() ?? "/", request["query"]?.GetValue<string>() ?? string.Empty, headers, body);
            BridgeAnswer answer = await registration.ForwardAsync(call, this.stopping.Token).ConfigureAwait(false);
            JsonObject returned = [];
            foreach ((string name, string value) in answer.Headers)
            {
                returned[name] = value;
            }

            response = answer.Body.Length > MaxBodyBytes
                ? Problem(id, 502, "bridge_response_too_large", $"Bridge response body exceeded the configured size limit of {MaxBodyBytes} bytes.")
                : new JsonObject { ["id"] = id, ["status"] = answer.Status, ["headers"] = returned, ["body"] = Encoding.UTF8.GetString(answer.Body), ["completedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) };
        }
        catch (OperationCanceledException) when (this.stopping.IsCancellationRequested)
        {
            response = Problem(id, 503, "bridge_stopped", "Bridge worker stopped before request could be handled.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            response = Problem(id, 400, "bridge_request_invalid", $"The queued request could not be read: {ex.Message}");
        }

        try
        {
            await this.SendResponseAsync(response.ToJsonString()).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or Renci.SshNet.Common.SshException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is gone: the box-side server answers its client with its own timeout.
        }
    }

    /// <summary>
    /// Sends one answer to the box-side server as a line on its stdin; the server writes the response file (a temp file
    /// and a rename, under the box's mutex, once, while the request waits) and hands it to its client. One channel for
    /// every answer of the run: a channel and a shell per answer cost more than a hundred milliseconds each. Lines go
    /// whole, one at a time.
    /// </summary>
    async Task SendResponseAsync(string json)
    {
        byte[] line = Encoding.UTF8.GetBytes(json + "\n");
        await this.writes.WaitAsync().ConfigureAwait(false);
        try
        {
            await this.stdin.WriteAsync(line).ConfigureAwait(false);
            await this.stdin.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            this.writes.Release();
        }
    }

    static JsonObject Problem(string id, int status, string code, string message) => new()
    {
        ["id"] = id,
        ["status"] = status,
        ["headers"] = new JsonObject { ["content-type"] = "application/problem+json" },
        ["body"] = new JsonObject { ["error"] = message, ["code"] = code, ["status"] = status, ["detail"] = message }.ToJsonString(),
        ["completedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    };
}
