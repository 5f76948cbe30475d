using System.Diagnostics;
using System.Text.Json.Nodes;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Secrets;
using Paperclip.Ssh.Bridge;

namespace Paperclip.Ssh.Tests;

/// <summary>
/// The queue bridge's files on a real sshd (upstream's hazards of PR #5326): the entrypoint upload and the response
/// writes under the box-side mutex, from many connections at once.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class QueueBridgeFilesTests : IAsyncLifetime
{
    Box box = null!;

    string Assets => Path.Combine(this.box.Sshd.WorkspaceRoot, "bridge", "server");

    string Entry => Path.Combine(this.Assets, BridgeEntrypoint.FileName);

    public async Task InitializeAsync() => this.box = await Box.OpenAsync("MaxStartups 64:30:100");

    public async Task DisposeAsync() => await this.box.DisposeAsync();

    [Fact]
    public async Task TwentyConcurrentUploads_FromSeparateConnections_LeaveOneIntactEntrypoint_AndNoTempFiles()
    {
        SshConnection[] connections = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => this.ConnectAsync()));
        try
        {
            bool[] uploaded = await Task.WhenAll(connections.Select(c => Task.Run(() => BridgeEntrypoint.UploadAsync(c.Client, this.Assets, CancellationToken.None))));

            // Exactly one writer installed it; the others found it in place (the mutex made them wait, the hash let them skip).
            Assert.Single(uploaded, u => u);
            Assert.Equal(BridgeEntrypoint.Content, await File.ReadAllBytesAsync(this.Entry));
            Assert.Equal([BridgeEntrypoint.FileName], Directory.EnumerateFileSystemEntries(this.Assets).Select(Path.GetFileName));
        }
        finally
        {
            foreach (SshConnection connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    [Fact]
    public async Task ATruncatedUpload_IsRefusedByTheHashCheck_AndNothingIsInstalled()
    {
        byte[] truncated = BridgeEntrypoint.Content[..(BridgeEntrypoint.Content.Length / 2)];
        IOException refused = await Assert.ThrowsAsync<IOException>(() => BridgeEntrypoint.UploadAsync(this.box.Connection.Client, this.Assets, truncated, BridgeEntrypoint.Sha256, CancellationToken.None));
        Assert.Contains("Bridge entrypoint upload sha mismatch", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(this.Entry));
        Assert.Empty(Directory.EnumerateFileSystemEntries(this.Assets));
    }

    [Fact]
    public async Task AnInstalledEntrypoint_WithTheExpectedHash_IsNotWrittenAgain()
    {
        Assert.True(await BridgeEntrypoint.UploadAsync(this.box.Connection.Client, this.Assets, CancellationToken.None));
        (long inode, DateTime mtime) before = Identity(this.Entry);

        Assert.False(await BridgeEntrypoint.UploadAsync(this.box.Connection.Client, this.Assets, CancellationToken.None));
        Assert.Equal(before, Identity(this.Entry));
    }

    [Fact]
    public async Task AStaleLock_WhoseOwnerIsDead_IsBroken_AndALiveOwnersIsWaitedFor()
    {
        Directory.CreateDirectory(this.Assets);
        string mutex = Path.Combine(this.Assets, ".paperclip-bridge-upload.mutex");

        // A holder that died (its pid no longer runs), and one whose pid was reused (same pid, another start token).
        int dead = DeadPid();
        foreach (string owner in new[] { $"{dead}:12345", $"{Environment.ProcessId}:not-its-start" })
        {
            File.CreateSymbolicLink(mutex, owner);
            Assert.True(await BridgeEntrypoint.UploadAsync(this.box.Connection.Client, this.Assets, CancellationToken.None));
            Assert.Equal([BridgeEntrypoint.FileName], Directory.EnumerateFileSystemEntries(this.Assets).Select(Path.GetFileName));
            File.Delete(this.Entry);
        }

        // A live holder (this test process, with its real start token) is waited for, then the writer goes ahead.
        string start = (await File.ReadAllTextAsync($"/proc/{Environment.ProcessId}/stat")).Split(") ")[1].Split(' ')[19];
        File.CreateSymbolicLink(mutex, $"{Environment.ProcessId}:{start}");
        Task<bool> waiting = Task.Run(() => BridgeEntrypoint.UploadAsync(this.box.Connection.Client, this.Assets, CancellationToken.None));

        // Not a synchronisation: a bounded look at a writer that must still be waiting.
        await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.False(waiting.IsCompleted);
        Assert.False(File.Exists(this.Entry));
        File.Delete(mutex);
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task TwoHundredConcurrentResponseWrites_AreWholeFiles_WrittenOnceEach()
    {
        string queue = Path.Combine(this.box.Sshd.WorkspaceRoot, "queue");
        Directory.CreateDirectory(Path.Combine(queue, "requests"));
        string[] ids = [.. Enumerable.Range(0, 200).Select(_ => Guid.NewGuid().ToString())];
        foreach (string id in ids)
        {
            await File.WriteAllTextAsync(Path.Combine(queue, "requests", $"{id}.json"), "{}");
        }

        // Two writers per response (a late handler result and a stop-time 503, say) race; each response is written once, whole.
        string Body(string id, int writer) => new JsonObject { ["id"] = id, ["status"] = 200, ["body"] = new string((char)('a' + writer), 20_000) }.ToJsonString();
        using SemaphoreSlim gate = new(QueueBridge.ResponseChannels);
        string[] results = await Task.WhenAll(ids.SelectMany(id => new[] { 0, 1 }.Select(writer =>
            QueueBridge.WriteResponseAsync(this.box.Connection.Client, gate, queue, id, Body(id, writer)))));

        Assert.Equal(ids.Length, results.Count(r => r.Contains("\"wrote\":true", StringComparison.Ordinal)));
        foreach (string id in ids)
        {
            JsonNode written = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(queue, "responses", $"{id}.json")))!;
            Assert.Equal(id, written["id"]!.GetValue<string>());
            Assert.Equal(20_000, written["body"]!.GetValue<string>().Length);
        }

        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Path.Combine(queue, "responses")), f => !f.EndsWith(".json", StringComparison.Ordinal));

        // A request no longer waiting (the server gave up on it) gets no response file.
        string gone = Guid.NewGuid().ToString();
        Assert.Contains("\"wrote\":false", await RemoteCommand.RunAsync(this.box.Connection.Client, QueueBridge.ResponseScript(queue, gone), Body(gone, 0), CancellationToken.None), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(queue, "responses", $"{gone}.json")));
    }

    static (long Inode, DateTime Mtime) Identity(string path)
    {
        ProcessStartInfo stat = new("stat", ["-c", "%i", path]) { RedirectStandardOutput = true };
        using Process process = Process.Start(stat)!;
        long inode = long.Parse(process.StandardOutput.ReadToEnd().Trim(), System.Globalization.CultureInfo.InvariantCulture);
        process.WaitForExit();
        return (inode, File.GetLastWriteTimeUtc(path));
    }

    static int DeadPid()
    {
        using Process exited = Process.Start(new ProcessStartInfo("true"))!;
        exited.WaitForExit();
        return exited.Id;
    }

    async Task<SshConnection> ConnectAsync()
    {
        SshEnvironmentConfig config = new("127.0.0.1", this.box.Sshd.Port, this.box.Sshd.User, this.box.Sshd.WorkspaceRoot, null, this.box.Sshd.KnownHostsLine, true);
        return await SshConnector.ConnectAsync(config, new SecretValue(this.box.Sshd.PrivateKey), trustUnknownHostKey: false, CancellationToken.None);
    }
}
