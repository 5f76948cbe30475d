using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Paperclip.Testing;

/// <summary>
/// A real OpenSSH server (<c>/usr/sbin/sshd -D -e</c>, installed by the project's scripts) on a free 127.0.0.1 port,
/// with a generated host key and user key in a temp directory, logging in as the current user with that key only.
/// Stopped and removed on dispose.
/// </summary>
public sealed class SshdServer : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    readonly StringBuilder log = new();
    readonly List<int> frozen = [];
    Process? process;

    SshdServer(string root) => this.Root = root;

    /// <summary>The server's temp directory (keys, config, and <see cref="WorkspaceRoot"/>).</summary>
    public string Root { get; }

    /// <summary>A directory on the "box" for remote workspaces.</summary>
    public string WorkspaceRoot => Path.Combine(this.Root, "remote");

    /// <summary>The port.</summary>
    public int Port { get; private set; }

    /// <summary>Who logs in (the current user: the tests run as root here).</summary>
    public string User { get; } = Environment.UserName;

    /// <summary>The authorised user key (OpenSSH format, unencrypted).</summary>
    public string PrivateKey { get; private set; } = string.Empty;

    /// <summary>The file holding <see cref="PrivateKey"/> (for OpenSSH's own client).</summary>
    public string PrivateKeyPath => Path.Combine(this.Root, "user_key");

    /// <summary>A key the server does not accept.</summary>
    public string OtherPrivateKey { get; private set; } = string.Empty;

    /// <summary>The known_hosts line that pins this server's host key.</summary>
    public string KnownHostsLine { get; private set; } = string.Empty;

    /// <summary>A known_hosts line for this address with a different key (a mismatch).</summary>
    public string WrongKnownHostsLine { get; private set; } = string.Empty;

    /// <summary>The host key's fingerprint (<c>SHA256:…</c>).</summary>
    public string HostFingerprint { get; private set; } = string.Empty;

    /// <summary>What sshd logged so far.</summary>
    public string Log
    {
        get
        {
            lock (this.log)
            {
                return this.log.ToString();
            }
        }
    }

    /// <summary>Starts a server; <paramref name="extraConfig"/> lines are appended to its sshd_config.</summary>
    public static async Task<SshdServer> StartAsync(params string[] extraConfig)
    {
        if (!File.Exists("/usr/sbin/sshd"))
        {
            throw new InvalidOperationException("/usr/sbin/sshd is missing: run scripts/test.sh, which installs openssh-server.");
        }

        SshdServer server = new(TestPaths.NewTempDirectory("sshd"));
        try
        {
            Directory.CreateDirectory(server.WorkspaceRoot);
            await server.StartCoreAsync(extraConfig);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    async Task StartCoreAsync(string[] extraConfig)
    {
        string hostKey = Path.Combine(this.Root, "host_key");
        string otherHostKey = Path.Combine(this.Root, "other_host_key");
        string userKey = this.PrivateKeyPath;
        string otherUserKey = Path.Combine(this.Root, "other_user_key");
        await Task.WhenAll(KeygenAsync(hostKey), KeygenAsync(otherHostKey), KeygenAsync(userKey), KeygenAsync(otherUserKey));
        await File.WriteAllTextAsync(Path.Combine(this.Root, "authorized_keys"), await File.ReadAllTextAsync(userKey + ".pub"));
        this.PrivateKey = await File.ReadAllTextAsync(userKey);
        this.OtherPrivateKey = await File.ReadAllTextAsync(otherUserKey);

        for (int attempt = 0; ; attempt++)
        {
            this.Port = SelfHostInstance.FreePort();
            string config = Path.Combine(this.Root, "sshd_config");
            await File.WriteAllLinesAsync(config, new[]
            {
                $"Port {this.Port}",
                "ListenAddress 127.0.0.1",
                $"HostKey {hostKey}",
                $"PidFile {Path.Combine(this.Root, "sshd.pid")}",
                $"AuthorizedKeysFile {Path.Combine(this.Root, "authorized_keys")}",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                "StrictModes no",
                "LogLevel VERBOSE",
                "PrintMotd no",
                "UseDNS no",
                "Subsystem sftp internal-sftp",
            }.Concat(extraConfig));
            string[] hostPublic = (await File.ReadAllTextAsync(hostKey + ".pub")).Split(' ');
            string[] otherPublic = (await File.ReadAllTextAsync(otherHostKey + ".pub")).Split(' ');
            this.KnownHostsLine = $"[127.0.0.1]:{this.Port} {hostPublic[0]} {hostPublic[1].Trim()}";
            this.WrongKnownHostsLine = $"[127.0.0.1]:{this.Port} {otherPublic[0]} {otherPublic[1].Trim()}";
            this.HostFingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(hostPublic[1].Trim()))).TrimEnd('=');
            if (await this.LaunchAsync(config) || attempt == 2)
            {
                return;
            }
        }
    }

    /// <summary>Starts sshd; true once it listens, false when the port was taken meanwhile (the caller retries).</summary>
    async Task<bool> LaunchAsync(string config)
    {
        ProcessStartInfo start = new("/usr/sbin/sshd") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { "-D", "-e", "-f", config })
        {
            start.ArgumentList.Add(arg);
        }

        TaskCompletionSource<bool> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Process started = Process.Start(start) ?? throw new InvalidOperationException("sshd did not start.");
        this.process = started;
        started.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetResult(false);
                return;
            }

            lock (this.log)
            {
                this.log.AppendLine(e.Data);
            }

            if (e.Data.Contains("Server listening on 127.0.0.1", StringComparison.Ordinal))
            {
                listening.TrySetResult(true);
            }
        };
        started.OutputDataReceived += (_, _) => { };
        started.BeginErrorReadLine();
        started.BeginOutputReadLine();
        bool up = await listening.Task.WaitAsync(StartTimeout);
        if (!up && this.Log.Contains("Address already in use", StringComparison.Ordinal))
        {
            await started.WaitForExitAsync();
            return false;
        }

        return up ? true : throw new InvalidOperationException($"sshd exited before listening:\n{this.Log}");
    }

    /// <summary>
    /// Kills the sshd processes serving sessions (a dropped connection), leaving the listener up — and leaving what
    /// the sessions started to fend for itself, as a crashed server or a cut network would.
    /// </summary>
    public void KillSessions()
    {
        foreach (Process child in ChildrenOf(this.process!.Id))
        {
            using (child)
            {
                child.Kill(entireProcessTree: false);
            }
        }
    }

    /// <summary>
    /// Stops (SIGSTOP) every sshd process serving a session: the box stops answering without closing a socket, as a
    /// frozen host or a black-holed network does. <see cref="DisposeAsync"/> lets them go again before stopping them.
    /// </summary>
    public void FreezeSessions()
    {
        foreach (Process child in ChildrenOf(this.process!.Id))
        {
            using (child)
            {
                foreach (int pid in SshdTree(child.Id))
                {
                    Signal("STOP", pid);
                    this.frozen.Add(pid);
                }
            }
        }
    }

    /// <summary>The session's sshd processes: it and its sshd descendants (not the commands they run).</summary>
    static IEnumerable<int> SshdTree(int pid)
    {
        yield return pid;
        foreach (Process child in ChildrenOf(pid))
        {
            using (child)
            {
                string comm = File.Exists($"/proc/{child.Id}/comm") ? File.ReadAllText($"/proc/{child.Id}/comm").Trim() : string.Empty;
                if (comm == "sshd")
                {
                    foreach (int descendant in SshdTree(child.Id))
                    {
                        yield return descendant;
                    }
                }
            }
        }
    }

    static void Signal(string signal, int pid)
    {
        using Process kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false, RedirectStandardError = true })!;
        kill.WaitForExit();
    }

    static IEnumerable<Process> ChildrenOf(int parent)
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid) && File.Exists(Path.Combine(dir, "stat")))
            {
                string stat;
                try
                {
                    stat = File.ReadAllText(Path.Combine(dir, "stat"));
                }
                catch (IOException)
                {
                    continue;
                }

                // pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
                string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture) == parent)
                {
                    yield return Process.GetProcessById(pid);
                }
            }
        }
    }

    static async Task KeygenAsync(string path)
    {
        ProcessStartInfo start = new("ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "-q", "-t", "ed25519", "-N", string.Empty, "-C", "paperclip-test", "-f", path })
        {
            start.ArgumentList.Add(arg);
        }

        using Process keygen = Process.Start(start) ?? throw new InvalidOperationException("ssh-keygen did not start.");
        string error = await keygen.StandardError.ReadToEndAsync();
        await keygen.WaitForExitAsync();
        if (keygen.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen failed: {error}");
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (int pid in this.frozen)
        {
            Signal("CONT", pid);
        }

        if (this.process is { } running)
        {
            if (!running.HasExited)
            {
                running.Kill(entireProcessTree: true);
                await running.WaitForExitAsync();
            }

            running.Dispose();
        }

        Directory.Delete(this.Root, recursive: true);
    }
}
