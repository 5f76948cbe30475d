using System.Runtime.Versioning;
using Paperclip.Workspaces.Merging;
using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Workspaces.Tests.Merging;

/// <summary>The applier on real trees: a workspace, its baseline, and a staging copy the "remote" changed.</summary>
[SupportedOSPlatform("linux")]
public sealed class MergeApplierTests : IDisposable
{
    static readonly Guid Run = Guid.Parse("1a2b3c4d-0000-7000-8000-000000000000");
    readonly string workspace = Directory.CreateTempSubdirectory("paperclip-ws-").FullName;
    readonly string staging = Directory.CreateTempSubdirectory("paperclip-staging-").FullName;
    readonly string outside = Directory.CreateTempSubdirectory("paperclip-outside-").FullName;
    readonly SnapshotTaker snapshots = new(TimeProvider.System);

    public void Dispose()
    {
        foreach (string dir in new[] { this.workspace, this.staging, this.outside })
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    static void Put(string root, string relative, string content) => TestTree.Put(root, relative, content);

    static string Read(string root, string relative) => File.ReadAllText(Path.Combine(root, relative));

    /// <summary>A workspace and its baseline; the staging copy starts equal to it.</summary>
    async Task<Manifest> StartAsync()
    {
        foreach (string root in new[] { this.workspace, this.staging })
        {
            Put(root, "a.txt", "v1");
            Put(root, "both.txt", "v1");
            Put(root, "mine.txt", "v1");
            Put(root, "gone.txt", "bye");
            Put(root, "run.sh", "#!/bin/sh\necho hi\n");
        }

        return await this.snapshots.TakeAsync(this.workspace, ExcludeRules.For(false), null, CancellationToken.None);
    }

    void ChangeBothSides()
    {
        Put(this.staging, "a.txt", "v2 from remote");
        Put(this.staging, "new/deep/file.txt", "added remotely");
        Put(this.staging, "both.txt", "remote's");
        File.Delete(Path.Combine(this.staging, "gone.txt"));
        File.SetUnixFileMode(Path.Combine(this.staging, "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.CreateSymbolicLink(Path.Combine(this.staging, "link"), "a.txt");
        Put(this.workspace, "mine.txt", "local edit");
        Put(this.workspace, "both.txt", "local's");
    }

    async Task<MergeResult> MergeAsync(Manifest baseline, MergeApplier? applier = null)
    {
        StagingDirectory incoming = await StagingDirectory.OpenAsync(this.staging, ExcludeRules.FromPatterns(baseline.Excludes), this.snapshots, CancellationToken.None);
        return await (applier ?? new MergeApplier(this.snapshots)).ApplyAsync(this.workspace, baseline, incoming, new MergeOptions(Run), CancellationToken.None);
    }

    string[] Tree() =>
    [
        .. Directory.EnumerateFileSystemEntries(this.workspace, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(this.workspace, p).Replace('\\', '/'))
            .Where(p => !p.StartsWith(".paperclip-runtime", StringComparison.Ordinal))
            .Select(p => File.Exists(Path.Combine(this.workspace, p)) && new FileInfo(Path.Combine(this.workspace, p)).LinkTarget is null ? $"{p}={Read(this.workspace, p)}" : p)
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public async Task AMerge_TakesTheRemotesChanges_KeepsTheLocalOnes_AndPutsConflictsBeside()
    {
        Manifest baseline = await this.StartAsync();
        this.ChangeBothSides();

        MergeResult result = await this.MergeAsync(baseline);

        Assert.Null(result.Refused);
        Assert.Equal("v2 from remote", Read(this.workspace, "a.txt"));
        Assert.Equal("added remotely", Read(this.workspace, "new/deep/file.txt"));
        Assert.False(File.Exists(Path.Combine(this.workspace, "gone.txt")));
        Assert.True(File.GetUnixFileMode(Path.Combine(this.workspace, "run.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal("a.txt", new FileInfo(Path.Combine(this.workspace, "link")).LinkTarget);
        Assert.Equal("local edit", Read(this.workspace, "mine.txt"));
        Assert.Equal("local's", Read(this.workspace, "both.txt"));
        Assert.Equal("remote's", Read(this.workspace, "both.paperclip-remote-1a2b3c4d.txt"));
        Assert.Equal(("both.txt", "edit_edit", "both.paperclip-remote-1a2b3c4d.txt"), Assert.Single(result.Conflicts) is var c ? (c.Path, c.Kind, c.KeptAs) : default);
        Assert.Equal(["a.txt", "both.paperclip-remote-1a2b3c4d.txt", "link", "new/deep/file.txt", "run.sh"], result.Written.Order(StringComparer.Ordinal));
        Assert.Equal(["gone.txt"], result.Deleted);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(this.workspace, MergeApplier.WorkDirectory)));
    }

    [Fact]
    public async Task H_M5_AnEmptyStagingTree_ChangesNothing()
    {
        Manifest baseline = await this.StartAsync();
        string[] before = this.Tree();
        foreach (string entry in Directory.EnumerateFileSystemEntries(this.staging))
        {
            File.Delete(entry);
        }

        MergeResult result = await this.MergeAsync(baseline);

        Assert.Equal("incoming_tree_empty", result.Refused?.Code);
        Assert.Equal(before, this.Tree());
    }

    [Fact]
    public async Task H_M11_AnEditMadeDuringTheMerge_IsKept_AndTheIncomingVersionGoesBeside()
    {
        Manifest baseline = await this.StartAsync();
        this.ChangeBothSides();
        MergeApplier applier = new(this.snapshots) { BeforeStep = _ => Put(this.workspace, "a.txt", "edited while merging") };

        MergeResult result = await this.MergeAsync(baseline, applier);

        Assert.Equal("edited while merging", Read(this.workspace, "a.txt"));
        Assert.Equal("v2 from remote", Read(this.workspace, "a.paperclip-remote-1a2b3c4d-late.txt"));
        Assert.Contains(result.Conflicts, c => c is { Path: "a.txt", LocalState: "modified during merge", KeptAs: "a.paperclip-remote-1a2b3c4d-late.txt" });
    }

    [Fact]
    public async Task H_P2_AParentTurnedIntoASymlinkDuringTheMerge_IsNeverWrittenThrough()
    {
        Manifest baseline = await this.StartAsync();
        this.ChangeBothSides();
        MergeApplier applier = new(this.snapshots)
        {
            BeforeStep = _ =>
            {
                string created = Path.Combine(this.workspace, "new", "deep");
                if (Directory.Exists(created) && new DirectoryInfo(created).LinkTarget is null)
                {
                    Directory.Delete(created, recursive: true);
                    Directory.CreateSymbolicLink(created, this.outside);
                }
            },
        };

        MergeResult result = await this.MergeAsync(baseline, applier);

        Assert.Empty(Directory.EnumerateFileSystemEntries(this.outside));
        Assert.Contains(result.Conflicts, c => c is { Path: "new/deep/file.txt", Kind: "unwritable" });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    public async Task H_M10_AMergeStoppedAfterItsJournal_IsFinishedByTheNextAttempt_ToTheSameTree(int stopAt)
    {
        Manifest baseline = await this.StartAsync();
        this.ChangeBothSides();
        MergeApplier crashing = new(this.snapshots) { BeforeStep = i => _ = i == stopAt ? throw new OperationCanceledException("simulated crash") : 0 };

        await Assert.ThrowsAsync<OperationCanceledException>(() => this.MergeAsync(baseline, crashing));
        Assert.NotEmpty(Directory.EnumerateDirectories(Path.Combine(this.workspace, MergeApplier.WorkDirectory)));
        await MergeApplier.RecoverAsync(this.workspace, CancellationToken.None);

        Assert.Equal("v2 from remote", Read(this.workspace, "a.txt"));
        Assert.Equal("added remotely", Read(this.workspace, "new/deep/file.txt"));
        Assert.Equal("remote's", Read(this.workspace, "both.paperclip-remote-1a2b3c4d.txt"));
        Assert.Equal("local's", Read(this.workspace, "both.txt"));
        Assert.False(File.Exists(Path.Combine(this.workspace, "gone.txt")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(this.workspace, MergeApplier.WorkDirectory)));
    }

    [Fact]
    public async Task AnIncomingFileWhoseBytesDoNotMatchItsManifest_AppliesNothing()
    {
        Manifest baseline = await this.StartAsync();
        this.ChangeBothSides();
        string[] before = this.Tree();
        StagingDirectory incoming = await StagingDirectory.OpenAsync(this.staging, ExcludeRules.FromPatterns(baseline.Excludes), this.snapshots, CancellationToken.None);
        // Same length and inode as what the manifest saw: only the staged bytes' hash can tell.
        Put(this.staging, "a.txt", "v2 FROM remote");

        await Assert.ThrowsAsync<IOException>(() => new MergeApplier(this.snapshots).ApplyAsync(this.workspace, baseline, incoming, new MergeOptions(Run), CancellationToken.None));

        Assert.Equal(before, this.Tree());
    }

    [Fact]
    public void AStagedFileOnAnotherFileSystem_IsCopiedBesideItsTarget_AndRenamedOver()
    {
        // /dev/shm is a tmpfs, the temp directory is not: the one pair of file systems every test box has at hand.
        string other = Directory.CreateTempSubdirectory("paperclip-other-fs-").FullName;
        string shm = Path.Combine("/dev/shm", "paperclip-staged-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.True(NativeStat.TryStat(other, out NativeStat.Stat disk));
            Assert.True(NativeStat.TryStat("/dev/shm", out NativeStat.Stat memory));
            Assert.NotEqual(disk.Device, memory.Device);
            File.WriteAllText(shm, "incoming");
            File.SetUnixFileMode(shm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            string target = Path.Combine(other, "file.txt");
            File.WriteAllText(target, "old");
            Assert.Equal(NativeStat.CrossDevice, NativeStat.Rename(shm, target));

            MergeApplier.MoveIntoPlace(shm, target, "1a2b3c4d");

            Assert.Equal("incoming", File.ReadAllText(target));
            Assert.Equal(UnixFileMode.UserExecute, File.GetUnixFileMode(target) & UnixFileMode.UserExecute);
            Assert.False(File.Exists(shm));
            Assert.Equal(["file.txt"], Directory.GetFiles(other).Select(Path.GetFileName));
        }
        finally
        {
            File.Delete(shm);
            Directory.Delete(other, recursive: true);
        }
    }
}
