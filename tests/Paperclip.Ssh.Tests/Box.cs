using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Secrets;
using Paperclip.Testing;

namespace Paperclip.Ssh.Tests;

/// <summary>A "remote" box for a test class: a real sshd on 127.0.0.1 and one connection to it, its host key pinned.</summary>
public sealed class Box : IAsyncDisposable
{
    Box(SshdServer sshd, SshConnection connection) => (this.Sshd, this.Connection) = (sshd, connection);

    /// <summary>The server (its processes and files are this machine's to inspect).</summary>
    public SshdServer Sshd { get; }

    /// <summary>The connection.</summary>
    public SshConnection Connection { get; }

    /// <summary>Starts a server (with lines added to its config) and connects to it.</summary>
    public static async Task<Box> OpenAsync(params string[] extraConfig)
    {
        SshdServer sshd = await SshdServer.StartAsync(extraConfig);
        SshEnvironmentConfig config = new("127.0.0.1", sshd.Port, sshd.User, sshd.WorkspaceRoot, null, sshd.KnownHostsLine, true);
        return new Box(sshd, await SshConnector.ConnectAsync(config, new SecretValue(sshd.PrivateKey), trustUnknownHostKey: false, CancellationToken.None));
    }

    /// <summary>Writes a file, creating its directories.</summary>
    public static void Put(string root, string relative, string content)
    {
        string full = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        this.Connection.Dispose();
        await this.Sshd.DisposeAsync();
    }
}
