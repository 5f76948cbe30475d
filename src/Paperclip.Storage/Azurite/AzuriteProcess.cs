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

    /// <summary>How long a graceful stop may take before Azurite is killed.</summary>
    static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(10);

    /// <summary>The supervisor shell's <c>$0</c>, which names it in process listings.</summary>
    const string SupervisorName = "azurite-supervisor";

    readonly Process process;
    readonly bool supervised;

    AzuriteProcess(Process process, bool supervised, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        this.supervised = supervised;
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
            ProcessStartInfo start = Supervised(executable);
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
            AzuriteProcess azurite = new(process, start.FileName != executable, blob, queue, table);
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

    /// <summary>
    /// Stops every Azurite (and its supervisor) still serving <paramref name="location"/>: the leftover of a host that
    /// is gone. Call only while holding the data directory, so none of them can belong to a live host. Returns their
    /// pids. Linux only (it reads <c>/proc</c>); elsewhere the supervisor is the only guard.
    /// </summary>
    public static async Task<IReadOnlyList<int>> StopLeftoversAsync(string location, CancellationToken cancellationToken)
    {
        List<int> stopped = [];
        foreach ((int pid, _) in Serving(location))
        {
            try
            {
                using Process leftover = Process.GetProcessById(pid);
                leftover.Kill(entireProcessTree: true);
                await leftover.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                stopped.Add(pid);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile (or not ours to stop): nothing to do.
            }
        }

        return stopped;
    }

    /// <summary>
    /// Stops Azurite: gracefully first (closing the supervisor's stdin makes it send SIGTERM, on which Azurite saves its
    /// databases — a kill would lose up to its 5 s autosave interval), then by killing the tree if it has not exited
    /// within <see cref="GracefulStop"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!this.process.HasExited && this.supervised)
            {
                this.process.StandardInput.Close();
                using CancellationTokenSource grace = new(GracefulStop);
                try
                {
                    await this.process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Not stopped in time: killed below.
                }
            }

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

    /// <summary>
    /// The start of Azurite under a supervisor that stops it when the host dies however it dies: a shell that starts
    /// Azurite, then blocks reading its stdin — a pipe only the host holds open, closed by the kernel when the host
    /// exits, <c>kill -9</c> included — and then stops Azurite. In a session of its own where possible: Ctrl+C in a
    /// terminal signals the whole foreground process group, and Azurite must outlive the host's graceful drain (the
    /// host stops it last).
    /// </summary>
    static ProcessStartInfo Supervised(string executable)
    {
        string? shell = OperatingSystem.IsWindows() ? null : FindOnPath("sh");
        string? setsid = shell is null ? null : FindOnPath("setsid");
        ProcessStartInfo start = new(setsid ?? shell ?? executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (setsid is not null)
        {
            start.ArgumentList.Add(shell!);
        }

        if (shell is not null)
        {
            start.ArgumentList.Add("-c");
            // Azurite's output goes nowhere: it prints while it shuts down, and a write to the pipe of a host that is gone
            // would kill it (EPIPE) before it saved its databases.
            start.ArgumentList.Add("\"$@\" >/dev/null 2>&1 & child=$!; trap 'kill \"$child\" 2>/dev/null; exit 0' TERM INT HUP; cat >/dev/null; kill \"$child\" 2>/dev/null; wait \"$child\"");
            start.ArgumentList.Add(SupervisorName);
            start.ArgumentList.Add(executable);
        }

        return start;
    }

    /// <summary>
    /// The processes running Azurite (or its supervisor) with <c>--location <paramref name="location"/></c>, from
    /// <c>/proc</c>; empty where there is none (not Linux).
    /// </summary>
    public static IReadOnlyList<(int Pid, bool Supervisor)> Serving(string location)
    {
        List<(int, bool)> found = [];
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc"))
        {
            return found;
        }

        string full = Path.GetFullPath(location);
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            string[] args;
            try
            {
                args = int.TryParse(Path.GetFileName(dir), out int pid) && pid != Environment.ProcessId ? File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0') : [];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile, or not ours to read
            }

            int at = Array.IndexOf(args, "--location");
            if (at >= 0 && at + 1 < args.Length && args.Any(a => a.Contains("azurite", StringComparison.Ordinal))
                && string.Equals(Path.GetFullPath(args[at + 1]), full, StringComparison.Ordinal))
            {
                found.Add((int.Parse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture), args.Contains(SupervisorName)));
            }
        }

        return found;
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
