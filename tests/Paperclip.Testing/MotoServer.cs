using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Paperclip.Testing;

/// <summary>
/// A real moto server (AWS Secrets Manager's API) on a free loopback port, with moto's request recorder on so a test
/// can list exactly which actions reached the server. Removed afterwards.
/// </summary>
public sealed class MotoServer : IAsyncLifetime, IDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    // moto writes its recording into a file (by default ./moto_recording): kept in a temp directory of its own.
    readonly string directory = TestPaths.NewTempDirectory("moto");
    Process? process;

    /// <summary>The endpoint (<c>http://127.0.0.1:&lt;port&gt;/</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        await EnsureInstalledAsync();
        int port = SelfHostInstance.FreePort();
        this.Endpoint = new Uri($"http://127.0.0.1:{port}/");
        ProcessStartInfo start = new("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = this.directory };
        foreach (string arg in new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MOTO_ENABLE_RECORDING"] = "True";
        start.Environment["MOTO_RECORDER_FILEPATH"] = Path.Combine(this.directory, "moto_recording");
        this.process = Process.Start(start) ?? throw new InvalidOperationException("python3 -m moto.server did not start.");
        this.process.OutputDataReceived += (_, _) => { };
        this.process.ErrorDataReceived += (_, _) => { };
        this.process.BeginOutputReadLine();
        this.process.BeginErrorReadLine();

        // Readiness: poll moto's own API until it answers (bounded).
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using HttpResponseMessage response = await this.http.GetAsync(new Uri(this.Endpoint, "moto-api/data.json"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (waited.Elapsed < StartTimeout && !this.process.HasExited)
            {
                await Task.Delay(100);
                continue;
            }

            if (waited.Elapsed >= StartTimeout || this.process.HasExited)
            {
                throw new InvalidOperationException($"moto did not start on {this.Endpoint} within {StartTimeout.TotalSeconds} s.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Starts recording requests (clearing any earlier recording).</summary>
    public async Task StartRecordingAsync()
    {
        (await this.http.PostAsync(new Uri(this.Endpoint, "moto-api/recorder/reset-recording"), null)).EnsureSuccessStatusCode();
        (await this.http.PostAsync(new Uri(this.Endpoint, "moto-api/recorder/start-recording"), null)).EnsureSuccessStatusCode();
    }

    /// <summary>Stops recording; returns the <c>X-Amz-Target</c> of every recorded request, in order.</summary>
    public async Task<IReadOnlyList<string>> StopRecordingAsync()
    {
        (await this.http.PostAsync(new Uri(this.Endpoint, "moto-api/recorder/stop-recording"), null)).EnsureSuccessStatusCode();
        string recording = await this.http.GetStringAsync(new Uri(this.Endpoint, "moto-api/recorder/download-recording"));
        List<string> targets = [];
        foreach (string line in recording.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using JsonDocument entry = JsonDocument.Parse(line);
            if (entry.RootElement.GetProperty("headers").TryGetProperty("X-Amz-Target", out JsonElement target))
            {
                targets.Add(target.GetString()!);
            }
        }

        return targets;
    }

    /// <summary>Calls Secrets Manager directly (as an operator's own tooling would), unsigned: moto does not check signatures.</summary>
    public async Task<JsonNode?> CallAsync(string action, object body)
    {
        using HttpRequestMessage request = new(HttpMethod.Post, this.Endpoint) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "secretsmanager." + action);
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0");
        using HttpResponseMessage response = await this.http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(text) : throw new InvalidOperationException($"moto {action}: {(int)response.StatusCode} {text}");
    }

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        this.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (this.process is { HasExited: false })
        {
            this.process.Kill(entireProcessTree: true);
            this.process.WaitForExit(10_000);
        }

        this.process?.Dispose();
        this.process = null;
        this.http.Dispose();
        TestPaths.TryDelete(this.directory);
    }

    static async Task EnsureInstalledAsync()
    {
        ProcessStartInfo check = new("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        check.ArgumentList.Add("-c");
        check.ArgumentList.Add("import moto, boto3, flask");
        try
        {
            using Process probe = Process.Start(check)!;
            await probe.WaitForExitAsync();
            if (probe.ExitCode == 0)
            {
                return;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // python3 missing: reported below.
        }

        throw new InvalidOperationException("The AWS tests need python3 with moto[server] and boto3 (this machine's image ships them; PyPI is not reachable here). Install moto[server] and boto3 for python3.");
    }
}
