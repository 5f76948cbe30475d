using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Workspaces.Tests.Snapshots;

/// <summary>Snapshots of real trees in temp directories (Linux: statx, FIFOs and sockets).</summary>
[SupportedOSPlatform("linux")]
public sealed class SnapshotTakerTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("paperclip-snap-").FullName;
    readonly string outside = Directory.CreateTempSubdirectory("paperclip-outside-").FullName;

    public void Dispose()
    {
        Directory.Delete(this.root, recursive: true);
        Directory.Delete(this.outside, recursive: true);
    }

    static SnapshotTaker Taker(DateTimeOffset? now = null) => new(now is { } at ? new FixedTime(at) : TimeProvider.System);

    string Write(string relative, string content, UnixFileMode? mode = null)
    {
        string full = TestTree.Put(this.root, relative, content);
        if (mode is { } m)
        {
            File.SetUnixFileMode(full, m);
        }

        return full;
    }

    [Fact]
    public async Task Snapshot_RecordsFilesDirectoriesAndSymlinks_AndNeverFollowsALink()
    {
        this.Write("a.txt", "hello");
        this.Write("bin/run.sh", "#!/bin/sh\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        this.Write("empty.txt", string.Empty);
        this.Write("dir with space/ünïcødé ✓.md", "x");
        File.WriteAllText(Path.Combine(this.outside, "secret.txt"), "not ours");
        File.CreateSymbolicLink(Path.Combine(this.root, "escape"), this.outside);
        File.CreateSymbolicLink(Path.Combine(this.root, "rel"), "a.txt");

        Manifest manifest = await Taker().TakeAsync(this.root, ExcludeRules.For(gitBacked: false), null, CancellationToken.None);

        Assert.Equal(["a.txt", "bin", "bin/run.sh", "dir with space", "dir with space/ünïcødé ✓.md", "empty.txt", "escape", "rel"], manifest.Entries.Select(e => e.Path));
        ManifestEntry a = manifest.Find("a.txt")!;
        Assert.Equal((EntryKind.File, 5L, Convert.ToHexStringLower(SHA256.HashData("hello"u8))), (a.Kind, a.Size, a.Sha256Hex));
        Assert.Equal(0b111_000_000, manifest.Find("bin/run.sh")!.Mode & 0b111_000_000);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), manifest.Find("empty.txt")!.Sha256Hex);
        Assert.Equal(EntryKind.Directory, manifest.Find("bin")!.Kind);
        Assert.Equal((EntryKind.Symlink, this.outside), (manifest.Find("escape")!.Kind, manifest.Find("escape")!.SymlinkTarget));
        Assert.Equal("a.txt", manifest.Find("rel")!.SymlinkTarget);
        Assert.DoesNotContain(manifest.Entries, e => e.Path.Contains("secret", StringComparison.Ordinal));
        Assert.Equal(5 + 10 + 0 + 1, manifest.TotalBytes);
    }

    [Fact]
    public async Task Excludes_MatchAtAnyDepth_IdenticallyForNamesAndPaths()
    {
        this.Write("keep.txt", "k");
        this.Write(".paperclip-runtime/state", "x");
        this.Write("deep/er/.paperclip-runtime/state", "x");
        this.Write("deep/._resource", "x");
        this.Write(".git/HEAD", "ref");
        this.Write("sub/.git/HEAD", "ref");
        this.Write("web/node_modules/pkg/index.js", "x");
        this.Write("build/out/a.o", "x");
        this.Write("other/build/out/kept.o", "x");

        Manifest plain = await Taker().TakeAsync(this.root, ExcludeRules.For(gitBacked: false, ["node_modules", "build/out"]), null, CancellationToken.None);
        Manifest git = await Taker().TakeAsync(this.root, ExcludeRules.For(gitBacked: true), null, CancellationToken.None);

        Assert.Equal(
            [".git", ".git/HEAD", "build", "deep", "deep/er", "keep.txt", "other", "other/build", "other/build/out", "other/build/out/kept.o", "sub", "sub/.git", "sub/.git/HEAD", "web"],
            plain.Entries.Select(e => e.Path));
        Assert.DoesNotContain(git.Entries, e => e.Path.Split('/').Contains(".git"));
        Assert.Contains(git.Entries, e => e.Path == "web/node_modules/pkg/index.js");
        Assert.Equal([".paperclip-runtime", "._*", "node_modules", "build/out"], plain.Excludes);
        Assert.True(ExcludeRules.FromPatterns(plain.Excludes).IsExcludedPath("a/b/node_modules/c"));
        Assert.False(ExcludeRules.FromPatterns(plain.Excludes).IsExcludedPath("other/build/out/kept.o"));
        Assert.Throws<ArgumentException>(() => ExcludeRules.For(false, ["../up"]));
    }

    [Fact]
    public async Task SocketsAndFifos_AreSkippedAndReported_NeverOpened()
    {
        this.Write("a.txt", "a");
        string fifo = Path.Combine(this.root, "pipe");
        using (System.Diagnostics.Process mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])!)
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        using Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(this.root, "sock")));

        // A FIFO opened for reading would block forever: the bounded wait proves it never is.
        Manifest manifest = await Taker().TakeAsync(this.root, ExcludeRules.For(false), null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(["a.txt"], manifest.Entries.Select(e => e.Path));
        Assert.Equal([("pipe", "fifo"), ("sock", "socket")], manifest.Skipped.Select(s => (s.Path, s.Reason)));
    }

    [Fact]
    public async Task AWarmSnapshot_ReusesTheHashOfAnUnchangedStamp_AndRereadsAChangedOrRacyOne()
    {
        this.Write("same.txt", "same");
        string changed = this.Write("changed.txt", "before");
        DateTimeOffset later = DateTimeOffset.UtcNow.AddHours(1);
        Manifest first = await Taker(later).TakeAsync(this.root, ExcludeRules.For(false), null, CancellationToken.None);

        // A previous manifest whose hashes are marked: a reused hash shows the mark, a re-read one the real bytes.
        byte[] mark = new byte[32];
        Array.Fill(mark, (byte)0xAB);
        Manifest marked = new(first.Entries.Select(e => e with { Sha256 = mark }), first.Excludes, first.TakenAt);
        await File.WriteAllTextAsync(changed, "AFTER!");

        Manifest warm = await Taker(later).TakeAsync(this.root, ExcludeRules.For(false), marked, CancellationToken.None);
        Assert.Equal(Convert.ToHexStringLower(mark), warm.Find("same.txt")!.Sha256Hex);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("AFTER!"u8)), warm.Find("changed.txt")!.Sha256Hex);

        // Taken in the same moment as the files were written: their stamps are racy, so nothing is reused.
        Manifest racy = new(first.Entries.Select(e => e with { Sha256 = mark }), first.Excludes, DateTimeOffset.UtcNow);
        Manifest reread = await Taker().TakeAsync(this.root, ExcludeRules.For(false), racy, CancellationToken.None);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("same"u8)), reread.Find("same.txt")!.Sha256Hex);
    }

    [Fact]
    public async Task AWarmSnapshot_TakesAnUnchangedDirectorysNames_AndSeesEveryAddRemoveRenameAndEditElsewhere()
    {
        foreach (string dir in new[] { "same", "added", "removed", "renamed", "edited", "deep/er/est" })
        {
            this.Write($"{dir}/one.txt", "1");
            this.Write($"{dir}/two.txt", "2");
        }

        File.CreateSymbolicLink(Path.Combine(this.root, "same", "link"), "one.txt");
        DateTimeOffset later = DateTimeOffset.UtcNow.AddHours(1);
        Manifest first = await Taker(later).TakeAsync(this.root, ExcludeRules.For(false), null, CancellationToken.None);

        this.Write("added/three.txt", "3");
        File.Delete(Path.Combine(this.root, "removed", "two.txt"));
        File.Move(Path.Combine(this.root, "renamed", "two.txt"), Path.Combine(this.root, "renamed", "deux.txt"));
        await File.WriteAllTextAsync(Path.Combine(this.root, "edited", "one.txt"), "changed in place");
        this.Write("deep/er/est/new/four.txt", "4");

        Manifest warm = await Taker(later).TakeAsync(this.root, ExcludeRules.For(false), first, CancellationToken.None);
        Manifest cold = await Taker(later).TakeAsync(this.root, ExcludeRules.For(false), null, CancellationToken.None);

        Assert.Equal(cold.Entries.Select(Describe), warm.Entries.Select(Describe));
        Assert.Contains(warm.Entries, e => e.Path == "renamed/deux.txt");
        Assert.DoesNotContain(warm.Entries, e => e.Path is "removed/two.txt" or "renamed/two.txt");
        Assert.Same(first.Find("same/one.txt"), warm.Find("same/one.txt"));
        Assert.Same(first.Find("same/link"), warm.Find("same/link"));
    }

    [Fact]
    public async Task AWarmSnapshot_WithOtherExcludes_ListsEveryDirectoryAgain()
    {
        this.Write("src/app.cs", "app");
        this.Write("src/tmp/scratch.txt", "scratch");
        DateTimeOffset later = DateTimeOffset.UtcNow.AddHours(1);
        Manifest narrow = await Taker(later).TakeAsync(this.root, ExcludeRules.For(false, ["tmp"]), null, CancellationToken.None);
        Assert.DoesNotContain(narrow.Entries, e => e.Path.StartsWith("src/tmp", StringComparison.Ordinal));

        // The directories are unchanged, but their old lists of names lacked what the old excludes left out.
        Manifest wide = await Taker(later).TakeAsync(this.root, ExcludeRules.For(false), narrow, CancellationToken.None);

        Assert.Equal(["src", "src/app.cs", "src/tmp", "src/tmp/scratch.txt"], wide.Entries.Select(e => e.Path));
    }

    [Fact]
    public async Task EntriesComeInOrdinalPathOrder_WhereADotSortsBeforeTheSlashOfASubtree()
    {
        foreach (string path in new[] { "a/x", "a.txt", "a-b", "a0", "a/b/c", "a/b.d", "A", "é", "z" })
        {
            this.Write(path, path);
        }

        Manifest manifest = await Taker().TakeAsync(this.root, ExcludeRules.For(false), null, CancellationToken.None);

        string[] paths = [.. manifest.Entries.Select(e => e.Path)];
        Assert.Equal(["A", "a", "a-b", "a.txt", "a/b", "a/b.d", "a/b/c", "a/x", "a0", "z", "é"], paths);
    }

    [Fact]
    public async Task AMissingRoot_IsAnError_NotAnEmptyTree() =>
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => Taker().TakeAsync(Path.Combine(this.root, "gone"), ExcludeRules.For(false), null, CancellationToken.None));

    [Fact]
    public async Task TheOnDiskFormat_RoundTrips_AndRefusesADamagedOrForeignFile()
    {
        this.Write("a/b/c.txt", "c");
        this.Write("a/b/d.txt", "d");
        this.Write("ü/é.txt", "u");
        File.CreateSymbolicLink(Path.Combine(this.root, "link"), "a/b/c.txt");
        Manifest manifest = await Taker().TakeAsync(this.root, ExcludeRules.For(true, ["tmp"]), null, CancellationToken.None);
        string file = Path.Combine(this.outside, "baseline.pcwm");

        await ManifestFormat.WriteAsync(manifest, file, CancellationToken.None);
        Manifest read = await ManifestFormat.ReadAsync(file, CancellationToken.None);

        Assert.Equal(manifest.Entries.Select(Describe), read.Entries.Select(Describe));
        Assert.Equal(manifest.Excludes, read.Excludes);
        Assert.Equal(manifest.TakenAt, read.TakenAt);
        Assert.Equal([Path.GetFileName(file)], Directory.GetFiles(this.outside).Select(Path.GetFileName));

        byte[] bytes = await File.ReadAllBytesAsync(file);
        byte[] flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 1;
        Assert.Throws<InvalidDataException>(() => ManifestFormat.Deserialize(flipped));
        Assert.Throws<InvalidDataException>(() => ManifestFormat.Deserialize(bytes[..^5]));
        byte[] future = (byte[])bytes.Clone();
        future[4] = 2;
        Assert.Contains("version 2", Assert.Throws<InvalidDataException>(() => ManifestFormat.Deserialize(future)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => ManifestFormat.Deserialize(Encoding.UTF8.GetBytes("{\"not\":\"a manifest\"}")));
    }

    static string Describe(ManifestEntry e) => $"{e.Path}|{e.Kind}|{e.Mode}|{e.Size}|{e.Sha256Hex}|{e.SymlinkTarget}|{e.Stamp}";

    sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
