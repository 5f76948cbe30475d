using System.Net.Sockets;
using Paperclip.Ssh.Sync;
using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Ssh.Tests;

/// <summary>A manifest computed on the box (a real sshd on 127.0.0.1) against the local snapshot of the same directory.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RemoteSnapshotTests : IAsyncLifetime
{
    Box box = null!;

    public async Task InitializeAsync()
    {
        this.box = await Box.OpenAsync();
    }

    public async Task DisposeAsync() => await this.box.DisposeAsync();

    static string Describe(ManifestEntry e) => $"{e.Path}|{e.Kind}|{e.Mode}|{e.Size}|{e.Sha256Hex}|{e.SymlinkTarget}";

    [Fact]
    public async Task TheBoxsManifest_IsTheLocalSnapshotsOfTheSameTree_ExcludesAndOddNamesIncluded()
    {
        string root = Directory.CreateDirectory(Path.Combine(this.box.Sshd.WorkspaceRoot, "tree")).FullName;
        void Put(string relative, string content) => Box.Put(root, relative, content);

        Put("a.txt", "alpha");
        Put("empty", string.Empty);
        Put("dir with space/ünï ✓.md", "unicode");
        Put("tab\there/new\nline.txt", "odd names");
        Put("src/node_modules/dep/index.js", "excluded at any depth");
        Put("build/out/bin.o", "excluded by path");
        Put("build/keep.txt", "kept");
        Put(".paperclip-runtime/mirror/x", "never");
        Put("._resource", "never");
        File.SetUnixFileMode(Path.Combine(root, "a.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.CreateSymbolicLink(Path.Combine(root, "link"), "a.txt");
        File.CreateSymbolicLink(Path.Combine(root, "dangling"), "--paperclip-hashes--");
        // Kept open: a bound socket's file goes when the socket is disposed.
        using Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(root, "sock")));

        ExcludeRules excludes = ExcludeRules.For(false, ["node_modules", "build/out"]);
        Manifest local = await new SnapshotTaker(TimeProvider.System).TakeAsync(root, excludes, null, CancellationToken.None);

        Manifest remote = await RemoteSnapshot.TakeAsync(this.box.Connection.Client, root, excludes, TimeProvider.System, CancellationToken.None);

        Assert.Equal(local.Entries.Select(Describe), remote.Entries.Select(Describe));
        Assert.Equal([("sock", "socket")], remote.Skipped.Select(s => (s.Path, s.Reason)));
        Assert.Equal(local.Skipped, remote.Skipped);
        Assert.Contains(remote.Entries, e => e.Path == "tab\there/new\nline.txt");
        Assert.DoesNotContain(remote.Entries, e => e.Path.Contains("node_modules", StringComparison.Ordinal) || e.Path.StartsWith("build/out", StringComparison.Ordinal));
        Assert.Equal(local.Excludes, remote.Excludes);
    }

    [Fact]
    public async Task AMissingRemoteDirectory_IsAnError_NotAnEmptyTree() =>
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            RemoteSnapshot.TakeAsync(this.box.Connection.Client, Path.Combine(this.box.Sshd.WorkspaceRoot, "gone"), ExcludeRules.For(false), TimeProvider.System, CancellationToken.None));
}
