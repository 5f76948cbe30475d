using System.Diagnostics;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Paperclip.Workspaces.Merging;
using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Workspaces.Tests.Merging;

/// <summary>Table cases of a whole merge on the real file system: each starts from identical workspace and staging trees.</summary>
[SupportedOSPlatform("linux")]
public sealed class MergeTableTests : IDisposable
{
    static readonly Guid Run = Guid.Parse("1a2b3c4d-0000-7000-8000-000000000000");
    readonly string workspace = Directory.CreateTempSubdirectory("paperclip-ws-").FullName;
    readonly string staging = Directory.CreateTempSubdirectory("paperclip-staging-").FullName;
    readonly SnapshotTaker snapshots = new(TimeProvider.System);

    public void Dispose()
    {
        Directory.Delete(this.workspace, recursive: true);
        Directory.Delete(this.staging, recursive: true);
    }

    void Both(Action<string> make)
    {
        make(this.workspace);
        make(this.staging);
    }

    static void Put(string root, string relative, string content) => TestTree.Put(root, relative, content);

    Task<Manifest> BaselineAsync() => this.snapshots.TakeAsync(this.workspace, ExcludeRules.For(false), null, CancellationToken.None);

    async Task<MergeResult> MergeAsync(Manifest baseline)
    {
        StagingDirectory incoming = await StagingDirectory.OpenAsync(this.staging, ExcludeRules.FromPatterns(baseline.Excludes), this.snapshots, CancellationToken.None);
        return await new MergeApplier(this.snapshots).ApplyAsync(this.workspace, baseline, incoming, new MergeOptions(Run), CancellationToken.None);
    }

    [Fact]
    public async Task SequentialMerges_FromOneStaleBaseline_KeepBothMergesFiles()
    {
        this.Both(root => Put(root, "shared.txt", "base"));
        Manifest baseline = await this.BaselineAsync();

        // Two runs started from the same baseline: the first brings back a new file and an edit; the second, merged
        // later against that same (now stale) baseline, knows nothing of either and adds its own file.
        string second = Directory.CreateTempSubdirectory("paperclip-staging-2-").FullName;
        try
        {
            Put(second, "shared.txt", "base");
            Put(this.staging, "first.txt", "from run 1");
            Put(this.staging, "shared.txt", "edited by run 1");
            Put(second, "second.txt", "from run 2");

            MergeResult one = await this.MergeAsync(baseline);
            StagingDirectory incoming = await StagingDirectory.OpenAsync(second, ExcludeRules.FromPatterns(baseline.Excludes), this.snapshots, CancellationToken.None);
            MergeResult two = await new MergeApplier(this.snapshots).ApplyAsync(this.workspace, baseline, incoming, new MergeOptions(Guid.CreateVersion7()), CancellationToken.None);

            Assert.Equal(["first.txt", "shared.txt"], one.Written.Order(StringComparer.Ordinal));
            Assert.Equal(["second.txt"], two.Written);
            Assert.Empty(two.Deleted);
            Assert.Empty(two.Conflicts);
            Assert.Equal("from run 1", File.ReadAllText(Path.Combine(this.workspace, "first.txt")));
            Assert.Equal("edited by run 1", File.ReadAllText(Path.Combine(this.workspace, "shared.txt")));
            Assert.Equal("from run 2", File.ReadAllText(Path.Combine(this.workspace, "second.txt")));
        }
        finally
        {
            Directory.Delete(second, recursive: true);
        }
    }

    [Fact]
    public async Task AHundredMegabyteFile_ChangedRemotely_IsStreamedIntoPlace()
    {
        byte[] chunk = new byte[1024 * 1024];
        void Big(string root, byte fill)
        {
            Array.Fill(chunk, fill);
            using FileStream file = new(Path.Combine(root, "big.bin"), FileMode.Create);
            for (int i = 0; i < 100; i++)
            {
                file.Write(chunk);
            }
        }

        this.Both(root => Big(root, 1));
        Manifest baseline = await this.BaselineAsync();
        Big(this.staging, 2);

        MergeResult result = await this.MergeAsync(baseline);

        Assert.Equal(["big.bin"], result.Written);
        await using FileStream merged = File.OpenRead(Path.Combine(this.workspace, "big.bin"));
        Assert.Equal(100L * 1024 * 1024, merged.Length);
        Assert.Equal(Convert.ToHexStringLower(await SHA256.HashDataAsync(File.OpenRead(Path.Combine(this.staging, "big.bin")))), Convert.ToHexStringLower(await SHA256.HashDataAsync(merged)));
    }

    [Fact]
    public async Task DeepNesting_CaseOnlyRenames_AndAFileReplacedByASymlink()
    {
        string deep = string.Join('/', Enumerable.Range(0, 60).Select(i => $"d{i}")) + "/leaf.txt";
        this.Both(root => Put(root, "Readme.md", "read me"));
        this.Both(root => Put(root, "config.json", "{}"));
        Manifest baseline = await this.BaselineAsync();
        Put(this.staging, deep, "deep down");
        File.Move(Path.Combine(this.staging, "Readme.md"), Path.Combine(this.staging, "README.md"));
        File.Delete(Path.Combine(this.staging, "config.json"));
        File.CreateSymbolicLink(Path.Combine(this.staging, "config.json"), "README.md");

        MergeResult result = await this.MergeAsync(baseline);

        Assert.Empty(result.Conflicts);
        Assert.Equal("deep down", File.ReadAllText(Path.Combine(this.workspace, deep)));
        Assert.False(File.Exists(Path.Combine(this.workspace, "Readme.md")));
        Assert.Equal("read me", File.ReadAllText(Path.Combine(this.workspace, "README.md")));
        Assert.Equal("README.md", new FileInfo(Path.Combine(this.workspace, "config.json")).LinkTarget);
    }

    [Fact]
    public async Task H_M4_ADirectoryTheRemoteDeleted_IsRemoved_UnlessItHoldsLocalAdditions()
    {
        this.Both(root => Put(root, "gone/a.txt", "a"));
        this.Both(root => Put(root, "kept/b.txt", "b"));
        this.Both(root => Put(root, "stays.txt", "s"));
        Manifest baseline = await this.BaselineAsync();
        Directory.Delete(Path.Combine(this.staging, "gone"), recursive: true);
        Directory.Delete(Path.Combine(this.staging, "kept"), recursive: true);
        Put(this.workspace, "kept/mine.txt", "local addition");

        MergeResult result = await this.MergeAsync(baseline);

        Assert.False(Directory.Exists(Path.Combine(this.workspace, "gone")));
        Assert.Equal(["mine.txt"], Directory.GetFiles(Path.Combine(this.workspace, "kept")).Select(Path.GetFileName));
        Assert.Equal(["gone/a.txt", "kept/b.txt", "gone"], result.Deleted);
    }

    [Fact]
    public async Task H_M7_TheExecuteBitPropagates_UmaskNoiseDoesNot()
    {
        this.Both(root => Put(root, "tool.sh", "#!/bin/sh\n"));
        this.Both(root => Put(root, "notes.txt", "n"));
        File.SetUnixFileMode(Path.Combine(this.workspace, "notes.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Manifest baseline = await this.BaselineAsync();
        File.SetUnixFileMode(Path.Combine(this.staging, "tool.sh"), File.GetUnixFileMode(Path.Combine(this.staging, "tool.sh")) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
        File.SetUnixFileMode(Path.Combine(this.staging, "notes.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);

        MergeResult result = await this.MergeAsync(baseline);

        Assert.Equal(["tool.sh"], result.Written);
        UnixFileMode tool = File.GetUnixFileMode(Path.Combine(this.workspace, "tool.sh"));
        Assert.True(tool.HasFlag(UnixFileMode.UserExecute) && tool.HasFlag(UnixFileMode.GroupExecute));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(this.workspace, "notes.txt")));
    }

    [Fact]
    public async Task H_M8_AFifoInTheIncomingTree_IsRefused_AndNothingChanges()
    {
        this.Both(root => Put(root, "a.txt", "a"));
        Manifest baseline = await this.BaselineAsync();
        Put(this.staging, "a.txt", "changed");
        using (Process mkfifo = Process.Start("mkfifo", [Path.Combine(this.staging, "pipe")])!)
        {
            await mkfifo.WaitForExitAsync();
        }

        MergeResult result = await this.MergeAsync(baseline).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(("special_file", "pipe"), (result.Refused?.Code, result.Refused?.Path));
        Assert.Equal("a", File.ReadAllText(Path.Combine(this.workspace, "a.txt")));
    }
}
