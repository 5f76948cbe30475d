using Paperclip.Ssh.Sync;
using Paperclip.Testing;
using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Ssh.Tests;

/// <summary>A workspace's mirror on the box (a real sshd on 127.0.0.1), kept up to date incrementally.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MirrorSyncTests : IAsyncLifetime
{
    Box box = null!;
    string workspace = null!;

    public async Task InitializeAsync()
    {
        this.box = await Box.OpenAsync();
        this.workspace = TestPaths.NewTempDirectory("mirror-ws");
    }

    public async Task DisposeAsync()
    {
        await this.box.DisposeAsync();
        Directory.Delete(this.workspace, recursive: true);
    }

    static void Put(string root, string relative, string content) => Box.Put(root, relative, content);

    static string Describe(ManifestEntry e) => $"{e.Path}|{e.Kind}|{e.Mode}|{e.Size}|{e.Sha256Hex}|{e.SymlinkTarget}";

    async Task<Manifest> OnTheBoxAsync(string directory) =>
        await RemoteSnapshot.TakeAsync(this.box.Connection.Client, directory, ExcludeRules.For(false), TimeProvider.System, CancellationToken.None);

    [Theory]
    [InlineData(TransferCodec.None)]
    [InlineData(TransferCodec.Zstd)]
    public async Task TheFirstSyncSendsAll_TheNextOnlyWhatChanged_AndAnUnchangedTreeNothing(TransferCodec codec)
    {
        for (int i = 0; i < 30; i++)
        {
            Put(this.workspace, $"src/d{i % 3}/file{i}.txt", new string((char)('a' + (i % 26)), 500 + i));
        }

        Put(this.workspace, "dir with space/ünï ✓.md", "unicode");
        Put(this.workspace, "old/gone.txt", "to be deleted");
        Put(this.workspace, "kind", "a file that becomes a directory");
        Put(this.workspace, ".paperclip-runtime/local-only", "never sent");
        File.CreateSymbolicLink(Path.Combine(this.workspace, "link"), "src");
        SnapshotTaker snapshots = new(TimeProvider.System);
        ExcludeRules excludes = ExcludeRules.For(false);
        string mirror = Path.Combine(this.box.Sshd.WorkspaceRoot, ".paperclip-runtime", "mirrors", "w1");

        Manifest first = await snapshots.TakeAsync(this.workspace, excludes, null, CancellationToken.None);
        SyncOutcome sent = await MirrorSync.SendAsync(this.box.Connection.Client, this.workspace, mirror, first, null, CancellationToken.None, codec);
        Assert.Equal(first.Entries.Count(e => e.Kind == EntryKind.File), sent.FilesSent);
        Assert.Equal(first.Entries.Select(Describe), (await this.OnTheBoxAsync(mirror)).Entries.Select(Describe));
        Assert.Equal(first.Entries.Select(Describe), sent.Sent.Entries.Select(Describe));

        // A second run: an edit, an addition, a deletion, a file become a directory, a chmod.
        Put(this.workspace, "src/d1/file4.txt", "edited");
        Put(this.workspace, "new/added.txt", "added");
        Directory.Delete(Path.Combine(this.workspace, "old"), recursive: true);
        File.Delete(Path.Combine(this.workspace, "kind"));
        Put(this.workspace, "kind/inside.txt", "now a directory");
        File.SetUnixFileMode(Path.Combine(this.workspace, "src/d0/file0.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Manifest second = await snapshots.TakeAsync(this.workspace, excludes, first, CancellationToken.None);
        SyncOutcome again = await MirrorSync.SendAsync(this.box.Connection.Client, this.workspace, mirror, second, sent.Sent, CancellationToken.None, codec);

        Assert.Equal(4, again.FilesSent); // file4, added, inside, file0 (its mode)
        Assert.Equal("edited".Length + "added".Length + "now a directory".Length + 500, again.BytesSent);
        Assert.Equal(second.Entries.Select(Describe), (await this.OnTheBoxAsync(mirror)).Entries.Select(Describe));

        SyncOutcome nothing = await MirrorSync.SendAsync(this.box.Connection.Client, this.workspace, mirror, second, again.Sent, CancellationToken.None, codec);
        Assert.Equal((0, 0L, 0), (nothing.FilesSent, nothing.BytesSent, nothing.Removed));

        // A run's own directory is a copy of the mirror.
        string run = Path.Combine(this.box.Sshd.WorkspaceRoot, ".paperclip-runtime", "runs", "r1", "workspace");
        await MirrorSync.MaterializeAsync(this.box.Connection.Client, mirror, run, CancellationToken.None);
        Assert.Equal(second.Entries.Select(Describe), (await this.OnTheBoxAsync(run)).Entries.Select(Describe));
        await File.WriteAllTextAsync(Path.Combine(run, "src/d1/file4.txt"), "the run's in-place write");
        Assert.Equal("edited", await File.ReadAllTextAsync(Path.Combine(mirror, "src/d1/file4.txt")));
    }
}
