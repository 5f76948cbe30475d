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

    /// <summary>Starts the host with <paramref name="settings"/> as environment variables and waits until /api/health is healthy.</summary>
    public static async Task<SelfHostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan timeout)
    {
        string dll = Path.Combine(TestPaths.RepoRoot, "src", "Paperclip.Host", "bin", TestPaths.Configuration, "net10.0", "Paperclip.Host.dll");
        int port = SelfHostInstance.FreePort();
        ProcessStartInfo start = new("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach ((string key, string? value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["urls"] = $"http://127.0.0.1:{port}";
        Process process = Process.Start(start) ?? throw new InvalidOperationException("The self-host did not start.");
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        SelfHostProcess host = new(process, new Uri($"http://127.0.0.1:{port}/"));
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
        throw new InvalidOperationException($"The self-host did not become healthy within {timeout.TotalSeconds:0} s.");
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
