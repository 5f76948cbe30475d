using System.Diagnostics;
using Paperclip.Ssh.Sync;
using Paperclip.Testing;
using Paperclip.Workspaces.Merging;
using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Ssh.Tests;

/// <summary>A remote tree merged back over SSH: only what changed is fetched, in one tar stream, and the merge keeps local work.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FetchedTreeTests : IAsyncLifetime
{
    static readonly Guid Run = Guid.Parse("0badc0de-0000-7000-8000-000000000000");
    Box box = null!;
    string workspace = null!;
    string staging = null!;

    public async Task InitializeAsync()
    {
        this.box = await Box.OpenAsync();
        this.workspace = TestPaths.NewTempDirectory("fetch-ws");
        this.staging = TestPaths.NewTempDirectory("fetch-staging");
    }

    public async Task DisposeAsync()
    {
        await this.box.DisposeAsync();
        Directory.Delete(this.workspace, recursive: true);
        Directory.Delete(this.staging, recursive: true);
    }

    static void Put(string root, string relative, string content) => Box.Put(root, relative, content);

    static string Read(string root, string relative) => File.ReadAllText(Path.Combine(root, relative));

    [Theory]
    [InlineData(TransferCodec.None)]
    [InlineData(TransferCodec.Zstd)]
    public async Task OnlyChangedFilesComeBack_AndTheMergeBringsTheRemoteWorkInWhileKeepingALocalEdit(TransferCodec codec)
    {
        for (int i = 0; i < 50; i++)
        {
            Put(this.workspace, $"src/file{i}.txt", new string('x', 1000 + i));
        }

        Put(this.workspace, "both.txt", "v1");
        Put(this.workspace, "gone.txt", "bye");
        Put(this.workspace, "run.sh", "#!/bin/sh\n");
        SnapshotTaker snapshots = new(TimeProvider.System);
        Manifest baseline = await snapshots.TakeAsync(this.workspace, ExcludeRules.For(false), null, CancellationToken.None);

        // The box's copy (as a sync out leaves it), then the remote run's work, and a local edit meanwhile.
        string remote = Path.Combine(this.box.Sshd.WorkspaceRoot, "run-tree");
        Directory.CreateDirectory(remote);
        using (Process copy = Process.Start("cp", ["-a", this.workspace + "/.", remote + "/"]) ?? throw new InvalidOperationException("cp did not start"))
        {
            await copy.WaitForExitAsync();
            Assert.Equal(0, copy.ExitCode);
        }

        Put(remote, "src/file3.txt", "edited remotely");
        Put(remote, "new/deep/added.txt", "added remotely");
        Put(remote, "both.txt", "remote's");
        File.Delete(Path.Combine(remote, "gone.txt"));
        File.SetUnixFileMode(Path.Combine(remote, "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Put(this.workspace, "both.txt", "local's");

        FetchedTree incoming = await FetchedTree.FetchAsync(this.box.Connection.Client, remote, baseline, this.staging, TimeProvider.System, CancellationToken.None, codec);

        // src/file3, new/deep/added, both and run.sh (its execute bit): nothing of the 49 unchanged files.
        Assert.Equal(4, incoming.FilesFetched);
        Assert.Equal("edited remotely".Length + "added remotely".Length + "remote's".Length + "#!/bin/sh\n".Length, incoming.BytesFetched);
        await Assert.ThrowsAsync<IOException>(() => incoming.OpenFileAsync("src/file0.txt", CancellationToken.None));

        MergeResult result = await new MergeApplier(snapshots).ApplyAsync(this.workspace, baseline, incoming, new MergeOptions(Run), CancellationToken.None);

        Assert.Null(result.Refused);
        Assert.Equal(("edited remotely", "added remotely", "local's"), (Read(this.workspace, "src/file3.txt"), Read(this.workspace, "new/deep/added.txt"), Read(this.workspace, "both.txt")));
        Assert.False(File.Exists(Path.Combine(this.workspace, "gone.txt")));
        Assert.True(File.GetUnixFileMode(Path.Combine(this.workspace, "run.sh")).HasFlag(UnixFileMode.UserExecute));
        MergeConflict conflict = Assert.Single(result.Conflicts);
        Assert.Equal(("both.txt", "edit_edit"), (conflict.Path, conflict.Kind));
        Assert.Equal("remote's", Read(this.workspace, conflict.KeptAs!));
    }
}
