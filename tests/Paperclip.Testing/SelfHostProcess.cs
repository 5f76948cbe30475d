using System.Diagnostics;

namespace Paperclip.Testing;

/// <summary>The self-host as a separate OS process (so a test can kill it like a crash), built output of src/Paperclip.Host.</summary>
public sealed class SelfHostProcess : IAsyncDisposable
{
    readonly Process process;

    SelfHostProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        this.BaseAddress = baseAddress;
    }

    /// <summary>http://127.0.0.1:port/.</summary>
    public Uri BaseAddress { get; }

    readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();

    /// <summary>The host's last 200 lines of output (for a failing test's message).</summary>
    public string Output => string.Join('\n', this.lines);

    /// <summary>The host's process id.</summary>
    public int ProcessId => this.process.Id;

    /// <summary>
    /// Starts the host with <paramref name="settings"/> as environment variables and waits until /api/health is
    /// healthy. With <paramref name="viaRunScript"/> it is started as an operator would, by <c>scripts/run.sh</c>
    /// (whose <c>exec</c> makes the script's process the host's).
    /// </summary>
    public static async Task<SelfHostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan timeout, bool viaRunScript = false)
    {
        string dll = Path.Combine(TestPaths.RepoRoot, "src", "Paperclip.Host", "bin", TestPaths.Configuration, "net10.0", "Paperclip.Host.dll");
        int port = SelfHostInstance.FreePort();
        ProcessStartInfo start = new(viaRunScript ? "bash" : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = viaRunScript ? TestPaths.RepoRoot : Path.GetDirectoryName(dll)!,
        };
        foreach (string arg in viaRunScript ? [Path.Combine(TestPaths.RepoRoot, "scripts", "run.sh"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)] : new[] { dll })
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string key, string? value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        if (!viaRunScript)
        {
            start.Environment["urls"] = $"http://127.0.0.1:{port}";
        }

        Process process = new() { StartInfo = start };
        SelfHostProcess host = new(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("The self-host did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using HttpResponseMessage response = await http.GetAsync(new Uri(host.BaseAddress, "api/health"));
                if (response.IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        await host.DisposeAsync();
        throw new InvalidOperationException($"The self-host did not become healthy within {timeout.TotalSeconds:0} s. Its last output:\n{host.Output}");
    }

    void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        this.lines.Enqueue(line);
        while (this.lines.Count > 200 && this.lines.TryDequeue(out _))
        {
        }
    }

    /// <summary>Kills the host and everything it started, like a crash (no drain).</summary>
    public async Task KillAsync()
    {
        if (!this.process.HasExited)
        {
            this.process.Kill(entireProcessTree: true);
            await this.process.WaitForExitAsync();
        }
    }

    /// <summary>Kills only the host process, like a crash that leaves the agents it started running as orphans.</summary>
    public async Task KillHostOnlyAsync()
    {
        if (!this.process.HasExited)
        {
            this.process.Kill(entireProcessTree: false);
            await this.process.WaitForExitAsync();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await this.KillAsync();
        this.process.Dispose();
    }
}
