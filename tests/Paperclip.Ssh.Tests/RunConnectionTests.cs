using Microsoft.Extensions.Logging.Abstractions;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Ports;
using Paperclip.Core.Secrets;
using Paperclip.Ssh.Execution;
using Paperclip.Ssh.Runs;
using Paperclip.Testing;

namespace Paperclip.Ssh.Tests;

/// <summary>A run's connection notices a box that stops answering (SSH.NET's keepalive only sends).</summary>
public sealed class RunConnectionTests
{
    [Fact]
    public async Task AFrozenBox_IsDetected_AndTheRunningCommandEndsAsLost()
    {
        await using SshdServer sshd = await SshdServer.StartAsync();
        SshEnvironmentConfig config = new("127.0.0.1", sshd.Port, sshd.User, sshd.WorkspaceRoot, null, sshd.KnownHostsLine, true);
        SshConnection connection = await SshConnector.ConnectAsync(config, new SecretValue(sshd.PrivateKey), trustUnknownHostKey: false, CancellationToken.None);
        using RunConnection run = new(connection, Guid.NewGuid(), "box", TimeSpan.FromSeconds(1), NullLogger.Instance, TimeProvider.System);
        Directory.CreateDirectory(sshd.WorkspaceRoot);
        IExecutionHandle handle = await new SshExecutionTarget(run.Client, connectionLost: run.Lost).StartAsync(
            new ExecutionCommand("sleep", ["300"], sshd.WorkspaceRoot, new Dictionary<string, string>()), CancellationToken.None);

        sshd.FreezeSessions();

        ExecutionLostException lost = await Assert.ThrowsAsync<ExecutionLostException>(() => handle.Exited.WaitAsync(TimeSpan.FromSeconds(90)));
        Assert.Equal("ssh_connection_lost", lost.Code);
        Assert.True(run.Lost.IsCancellationRequested); // the connection is being closed (Disconnect follows the token)
        await handle.DisposeAsync();
    }
}
