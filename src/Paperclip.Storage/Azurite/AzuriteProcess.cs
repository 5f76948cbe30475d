using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Paperclip.Storage.Azurite;

/// <summary>
/// A local Azurite (storage emulator) started from the project's <c>node_modules</c> on free loopback ports, with
/// telemetry off and the API version check skipped. Used by the self-host when no storage is configured, and by
/// tests. Disposing stops it (the whole process tree).
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    readonly Process process;

    AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        this.ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + DevAccountKey + ";" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    /// <summary>The connection string of this instance.</summary>
    public string ConnectionString { get; }

    /// <summary>Finds <c>node_modules/.bin/azurite</c> in <paramref name="start"/> or a parent directory.</summary>
    public static string? FindExecutable(string start)
    {
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Starts Azurite with its data under <paramref name="location"/> and waits until all three services answer.</summary>
    public static async Task<AzuriteProcess> StartAsync(string executable, string location, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(location);
        for (int attempt = 1; ; attempt++)
        {
            (int blob, int queue, int table) = (FreePort(), FreePort(), FreePort());
            // In its own session where possible: Ctrl+C in a terminal signals the whole foreground process group, and
            // Azurite must outlive the host's graceful drain (the host stops it last).
            string? setsid = OperatingSystem.IsWindows() ? null : FindOnPath("setsid");
            ProcessStartInfo start = new(setsid ?? executable)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            if (setsid is not null)
            {
                start.ArgumentList.Add(executable);
            }

            foreach (string arg in new[]
            {
                "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose", "--location", location,
                "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            {
                start.ArgumentList.Add(arg);
            }

            Process process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            AzuriteProcess azurite = new(process, blob, queue, table);
            if (await azurite.WaitReadyAsync([blob, queue, table], timeout, cancellationToken).ConfigureAwait(false))
            {
                return azurite;
            }

            await azurite.DisposeAsync().ConfigureAwait(false);
            if (attempt == 3)
            {
                throw new InvalidOperationException($"Azurite did not answer on 127.0.0.1 within {timeout.TotalSeconds:0} s (tried 3 times).");
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!this.process.HasExited)
            {
                this.process.Kill(entireProcessTree: true);
                await this.process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        this.process.Dispose();
    }

    async Task<bool> WaitReadyAsync(int[] ports, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using HttpClient http = new() { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            while (true)
            {
                if (this.process.HasExited)
                {
                    return false;
                }

                bool all = true;
                foreach (int port in ports)
                {
                    try
                    {
                        // Any HTTP answer (even 400) means the service listens and parses requests.
                        using HttpResponseMessage _ = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"), deadline.Token).ConfigureAwait(false);
                    }
                    catch (HttpRequestException)
                    {
                        all = false;
                        break;
                    }
                }

                if (all)
                {
                    return true;
                }

                await Task.Delay(100, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
