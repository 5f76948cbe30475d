using System.Diagnostics;
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
        // Connected one after another: what must be concurrent is the uploads, not 20 key exchanges racing the 5 s
        // handshake bound on a busy machine.
        List<SshConnection> connections = [];
        try
        {
            for (int i = 0; i < 20; i++)
            {
                connections.Add(await this.ConnectAsync());
            }

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
    public async Task TwoHundredConcurrentRequests_EachAnsweredTwice_GetOneWholeResponse_AndLeaveNoFiles()
    {
        await using BoxSideServer server = await BoxSideServer.StartAsync(this.box.Sshd.WorkspaceRoot);

        // Two answers per request race (a late handler result and a stop-time 503, say): the first is written, whole, once.
        Task<(int Status, string Body)>[] calls = [.. Enumerable.Range(0, 200).Select(_ => server.GetAsync())];
        for (int i = 0; i < calls.Length; i++)
        {
            // Answered as announced: the server holds 64 in its queue, the rest in its backlog until there is room.
            string id = (await server.NextRequestsAsync(1))[0];
            await server.AnswerAsync(id, new string('a', 20_000));
            await server.AnswerAsync(id, new string('b', 20_000));
        }

        (int Status, string Body)[] answers = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(120));
        Assert.All(answers, a => Assert.Equal((200, new string('a', 20_000)), a));

        // Delivered responses are gone with their requests; no temp file, lock or breaker is left.
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(server.Queue, "responses")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(server.Queue, "requests")));
    }

    [Fact]
    public async Task AResponseWrite_WaitsForALiveLockHolder_BreaksADeadOnes_AndWritesNothingForARequestNoLongerWaiting()
    {
        await using BoxSideServer server = await BoxSideServer.StartAsync(this.box.Sshd.WorkspaceRoot);
        string start = (await File.ReadAllTextAsync($"/proc/{Environment.ProcessId}/stat")).Split(") ")[1].Split(' ')[19];

        // A live holder (this test process, with its real start token) is waited for.
        Task<(int Status, string Body)> held = server.GetAsync();
        string heldId = (await server.NextRequestsAsync(1))[0];
        string heldLock = Path.Combine(server.Queue, "responses", $"{heldId}.json.paperclip-write.mutex");
        File.CreateSymbolicLink(heldLock, $"{Environment.ProcessId}:{start}");
        await server.AnswerAsync(heldId, "held");

        // Not a synchronisation: a bounded look at a write that must still be waiting.
        await Task.WhenAny(held, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.False(held.IsCompleted);
        File.Delete(heldLock);
        Assert.Equal((200, "held"), await held.WaitAsync(TimeSpan.FromSeconds(60)));

        // A dead holder's lock (its pid no longer runs) and one whose pid was reused are broken.
        foreach (string owner in new[] { $"{DeadPid()}:12345", $"{Environment.ProcessId}:not-its-start" })
        {
            Task<(int Status, string Body)> call = server.GetAsync();
            string id = (await server.NextRequestsAsync(1))[0];
            File.CreateSymbolicLink(Path.Combine(server.Queue, "responses", $"{id}.json.paperclip-write.mutex"), owner);
            await server.AnswerAsync(id, owner);
            Assert.Equal((200, owner), await call.WaitAsync(TimeSpan.FromSeconds(60)));
        }

        // An answer for a request nobody waits for writes nothing; answers are taken in order, so once the next
        // request's answer is delivered, that one was dealt with.
        string nobody = Guid.NewGuid().ToString();
        Task<(int Status, string Body)> after = server.GetAsync();
        string afterId = (await server.NextRequestsAsync(1))[0];
        await server.AnswerAsync(nobody, "nobody");
        await server.AnswerAsync(afterId, "after");
        Assert.Equal((200, "after"), await after.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(server.Queue, "responses")));
    }

    [Fact]
    public async Task TheQueuesFiles_LiveInAPrivateRamDirectory_GoneWithTheServer_AndSweptByTheNextAfterAKill()
    {
        string root = this.box.Sshd.WorkspaceRoot;
        string ram = Path.Combine(root, "ram");
        BoxSideServer killed = await BoxSideServer.StartAsync(root, ram);
        try
        {
            // requests/ and responses/ keep the layout's paths, as links into a directory only this user may enter.
            Assert.StartsWith(Path.Combine(ram, "paperclip-bridge-"), killed.QueueFiles, StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(killed.QueueFiles));
            foreach (string name in new[] { "requests", "responses" })
            {
                Assert.Equal(Path.Combine(killed.QueueFiles, name), new DirectoryInfo(Path.Combine(killed.Queue, name)).LinkTarget);
            }

            Task<(int Status, string Body)> call = killed.GetAsync();
            string id = (await killed.NextRequestsAsync(1))[0];
            Assert.True(File.Exists(Path.Combine(killed.QueueFiles, "requests", $"{id}.json")));
            await killed.AnswerAsync(id, "through ram");
            Assert.Equal((200, "through ram"), await call.WaitAsync(TimeSpan.FromSeconds(60)));

            // Killed outright, it leaves its directory; a live server's and a just-made one's are not the next one's to take.
            await killed.KillAsync();
            Assert.True(Directory.Exists(killed.QueueFiles));
            string young = Path.Combine(ram, Path.GetFileName(killed.QueueFiles)[..^6] + "young1");
            Directory.CreateDirectory(young);
            await using BoxSideServer live = await BoxSideServer.StartAsync(root, ram);
            Assert.False(Directory.Exists(killed.QueueFiles));

            string next;
            await using (BoxSideServer other = await BoxSideServer.StartAsync(root, ram))
            {
                next = other.QueueFiles;
                Assert.True(Directory.Exists(live.QueueFiles));
                Assert.True(Directory.Exists(young));
                Task<(int Status, string Body)> again = other.GetAsync();
                await other.AnswerAsync((await other.NextRequestsAsync(1))[0], "again");
                Assert.Equal((200, "again"), await again.WaitAsync(TimeSpan.FromSeconds(60)));
            }

            // A server that exits takes its directory with it.
            Assert.False(Directory.Exists(next));
        }
        finally
        {
            await killed.DisposeAsync();
        }
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
