using System.Diagnostics;
using System.Text.RegularExpressions;
using Paperclip.Testing;

namespace Paperclip.Bench;

/// <summary>
/// OpenSSH's own client forwarding a port of the box straight to the API (<c>ssh -R 0:127.0.0.1:&lt;api&gt;</c>, no
/// bridge, the API's own key): what SSH remote port forwarding alone costs on this machine, the floor under any tunnel
/// mode built on it. It runs one session (<c>cat</c>, ended by closing its stdin), as the tunnel does, so both ends of
/// the connection set TCP_NODELAY; the host key is verified against the server's pinned known_hosts line.
/// </summary>
sealed partial class OpenSshForward : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    readonly Process process;
    readonly string knownHosts;

    OpenSshForward(Process process, string knownHosts, string url)
    {
        this.process = process;
        this.knownHosts = knownHosts;
        this.Url = url;
    }

    /// <summary>The box's loopback URL that reaches the API through the forward.</summary>
    public string Url { get; }

    /// <summary>Starts the forward to <paramref name="api"/> with the cipher the control plane's connection uses.</summary>
    public static async Task<OpenSshForward> StartAsync(SshdServer sshd, Uri api, string cipher)
    {
        string knownHosts = Path.Combine(sshd.Root, "bench_known_hosts");
        await File.WriteAllTextAsync(knownHosts, sshd.KnownHostsLine + "\n");
        ProcessStartInfo start = new("ssh") { RedirectStandardError = true, RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in (string[])[
            "-T", "-i", sshd.PrivateKeyPath, "-p", sshd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
            "-o", "ExitOnForwardFailure=yes", "-c", cipher,
            "-R", $"0:127.0.0.1:{api.Port}", $"{sshd.User}@127.0.0.1", "cat"])
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("ssh did not start.");
        TaskCompletionSource<string> allocated = new(TaskCreationOptions.RunContinuationsAsynchronously);
        System.Text.StringBuilder said = new();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (said)
            {
                if (e.Data is null)
                {
                    allocated.TrySetException(new InvalidOperationException($"ssh -R exited before forwarding: {said}"));
                    return;
                }

                said.AppendLine(e.Data);
            }

            if (AllocatedPort().Match(e.Data) is { Success: true } match)
            {
                allocated.TrySetResult(match.Groups[1].Value);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        OpenSshForward forward;
        try
        {
            forward = new(process, knownHosts, $"http://127.0.0.1:{await allocated.Task.WaitAsync(StartTimeout)}");
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }

        return forward;
    }

    public async ValueTask DisposeAsync()
    {
        // Closing the session's stdin ends `cat` on the box, and with it the session and the client.
        this.process.StandardInput.Close();
        using CancellationTokenSource timeout = new(StartTimeout);
        try
        {
            await this.process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            this.process.Kill(entireProcessTree: true);
        }

        this.process.Dispose();
        File.Delete(this.knownHosts);
    }

    [GeneratedRegex(@"Allocated port (\d+) for remote forward")]
    private static partial Regex AllocatedPort();
}
