using System.Security.Cryptography;
using System.Text;
using Paperclip.Workspaces.Merging;
using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Workspaces.Tests.Merging;

/// <summary>The three-way decisions, case by case, on manifests built in memory (the applier's tests use real trees).</summary>
public sealed class MergePlannerTests
{
    static readonly Guid Run = Guid.Parse("1a2b3c4d-0000-7000-8000-000000000000");
    static readonly MergeOptions Options = new(Run);

    static ManifestEntry F(string path, string content, int mode = 0b110_100_100) =>
        new(path, EntryKind.File, mode, content.Length, SHA256.HashData(Encoding.UTF8.GetBytes(content)), null, FileStamp.None);

    static ManifestEntry D(string path) => new(path, EntryKind.Directory, 0b111_101_101, 0, ReadOnlyMemory<byte>.Empty, null, FileStamp.None);

    static ManifestEntry L(string path, string target) => new(path, EntryKind.Symlink, 0b111_111_111, 0, ReadOnlyMemory<byte>.Empty, target, FileStamp.None);

    static Manifest M(params ManifestEntry[] entries) => new(entries, ExcludeRules.Always, DateTimeOffset.UnixEpoch);

    static MergePlan Plan(Manifest baseline, Manifest local, Manifest incoming, MergeOptions? options = null) =>
        MergePlanner.Plan(baseline, local, incoming, options ?? Options);

    static string[] Steps(MergePlan plan) => [.. plan.Steps.Select(s => $"{s.Kind} {s.TargetPath}")];

    [Fact]
    public void RemoteChanged_LocalUnchanged_TakesTheRemote_ContentExecuteBitAndSymlink()
    {
        Manifest baseline = M(F("a.txt", "v1"), F("run.sh", "x"), L("link", "a.txt"), F("same.txt", "s"));
        Manifest incoming = M(F("a.txt", "v2"), F("run.sh", "x", 0b111_101_101), L("link", "run.sh"), F("same.txt", "s"), F("new.txt", "n"));

        MergePlan plan = Plan(baseline, baseline, incoming);

        Assert.Null(plan.Refusal);
        Assert.Empty(plan.Conflicts);
        Assert.Equal(["Write a.txt", "Write link", "Write new.txt", "Write run.sh"], Steps(plan));
    }

    [Fact]
    public void LocalChanged_RemoteUnchanged_KeepsTheLocal_AndUmaskNoiseIsNoChange()
    {
        Manifest baseline = M(F("a.txt", "v1"), F("b.txt", "b"));
        Manifest local = M(F("a.txt", "local edit"), F("b.txt", "b"), F("mine.txt", "m"));
        Manifest incoming = M(F("a.txt", "v1"), F("b.txt", "b", 0b110_110_110));

        MergePlan plan = Plan(baseline, local, incoming);

        Assert.Empty(plan.Steps);
        Assert.Empty(plan.Conflicts);
    }

    [Fact]
    public void H_M1_BothChanged_KeepsTheLocal_AndWritesTheRemoteBesideIt()
    {
        MergePlan plan = Plan(M(F("docs/report.md", "v1"), F("Makefile", "m1")), M(F("docs/report.md", "local"), F("Makefile", "m-local")), M(F("docs/report.md", "remote"), F("Makefile", "m-remote")));

        Assert.Equal(["WriteConflictCopy Makefile.paperclip-remote-1a2b3c4d", "WriteConflictCopy docs/report.paperclip-remote-1a2b3c4d.md"], Steps(plan));
        Assert.Equal(
            [("Makefile", "edit_edit", "modified", "modified", "Makefile.paperclip-remote-1a2b3c4d"), ("docs/report.md", "edit_edit", "modified", "modified", "docs/report.paperclip-remote-1a2b3c4d.md")],
            plan.Conflicts.Select(c => (c.Path, c.Kind, c.LocalState, c.RemoteState, c.KeptAs)));
    }

    [Fact]
    public void AddAdd_WithDifferentContent_IsAConflict_AndIdenticalChangesAreNone()
    {
        MergePlan plan = Plan(M(F("x", "0")), M(F("x", "same"), F("new.txt", "mine")), M(F("x", "same"), F("new.txt", "theirs")));

        Assert.Equal(["WriteConflictCopy new.paperclip-remote-1a2b3c4d.txt"], Steps(plan));
        Assert.Equal("add_add", Assert.Single(plan.Conflicts).Kind);
    }

    [Fact]
    public void H_M2_EditDelete_AndDeleteEdit_NeverLoseEitherSide()
    {
        Manifest baseline = M(F("edited-here.txt", "v1"), F("edited-there.txt", "v1"));
        Manifest local = M(F("edited-here.txt", "local"));
        Manifest incoming = M(F("edited-there.txt", "remote"));

        MergePlan plan = Plan(baseline, local, incoming);

        // The local edit stays (nothing deleted); the remote edit of a locally deleted file comes back beside it.
        Assert.Equal(["WriteConflictCopy edited-there.paperclip-remote-1a2b3c4d.txt"], Steps(plan));
        Assert.Equal([("edited-here.txt", "edit_delete", null), ("edited-there.txt", "delete_edit", "edited-there.paperclip-remote-1a2b3c4d.txt")],
            plan.Conflicts.Select(c => (c.Path, c.Kind, c.KeptAs)));
    }

    [Fact]
    public void RemoteDeleted_LocalUnchanged_Deletes_ADirectoryOnlyOnceEmpty_DeepestFirst()
    {
        Manifest baseline = M(D("old"), D("old/sub"), F("old/sub/a", "a"), F("old/b", "b"), F("keep", "k"));
        Manifest local = M(D("old"), D("old/sub"), F("old/sub/a", "a"), F("old/b", "b"), F("old/mine", "local addition"), F("keep", "k"));

        MergePlan plan = Plan(baseline, local, M(F("keep", "k")));

        Assert.Equal(["Delete old/sub/a", "Delete old/b", "RemoveDirectoryIfEmpty old/sub", "RemoveDirectoryIfEmpty old"], Steps(plan));
    }

    [Fact]
    public void H_M3_ADirectoryTheRemoteReplacedByAFile_IsKept_WhenItHoldsLocalWork()
    {
        Manifest baseline = M(D("thing"), F("thing/a", "a"));
        Manifest local = M(D("thing"), F("thing/a", "a"), F("thing/local-only", "precious"));
        Manifest incoming = M(F("thing", "now a file"));

        MergePlan plan = Plan(baseline, local, incoming);

        Assert.Equal(["Delete thing/a", "WriteConflictCopy thing.paperclip-remote-1a2b3c4d"], Steps(plan));
        Assert.Equal("type_change", Assert.Single(plan.Conflicts).Kind);

        // Without local work under it, the replacement goes ahead: children, then the directory, then the file.
        MergePlan clean = Plan(baseline, baseline, incoming);
        Assert.Equal(["Delete thing/a", "RemoveDirectoryIfEmpty thing", "Write thing"], Steps(clean));
        Assert.Empty(clean.Conflicts);
    }

    [Fact]
    public void AFileTheRemoteReplacedByADirectory_WhileEditedLocally_GoesBesideIt_WithItsContents()
    {
        Manifest baseline = M(F("cfg", "v1"));
        MergePlan plan = Plan(baseline, M(F("cfg", "local")), M(D("cfg"), F("cfg/a.json", "{}"), D("cfg/deep"), F("cfg/deep/b", "b")));

        Assert.Equal(
            ["CreateDirectory cfg.paperclip-remote-1a2b3c4d", "CreateDirectory cfg.paperclip-remote-1a2b3c4d/deep", "WriteConflictCopy cfg.paperclip-remote-1a2b3c4d/a.json", "WriteConflictCopy cfg.paperclip-remote-1a2b3c4d/deep/b"],
            Steps(plan));
        Assert.Equal(("type_change", "modified", "modified directory"), (plan.Conflicts[0].Kind, plan.Conflicts[0].LocalState, plan.Conflicts[0].RemoteState));

        // Unedited locally: the file makes way for the directory.
        Assert.Equal(["Delete cfg", "CreateDirectory cfg", "CreateDirectory cfg/deep", "Write cfg/a.json", "Write cfg/deep/b"], Steps(Plan(baseline, baseline, M(D("cfg"), F("cfg/a.json", "{}"), D("cfg/deep"), F("cfg/deep/b", "b")))));
    }

    [Fact]
    public void ConflictNames_NeverCollide_WithEitherTree()
    {
        MergePlan plan = Plan(M(F("a.txt", "1")), M(F("a.txt", "2"), F("a.paperclip-remote-1a2b3c4d.txt", "already here")), M(F("a.txt", "3")));

        Assert.Equal("a.paperclip-remote-1a2b3c4d-2.txt", Assert.Single(plan.Conflicts).KeptAs);
    }

    [Fact]
    public void H_M5_EmptyIncomingTree_IsRefused_UnlessTheCallerSaysItIsReal()
    {
        Manifest baseline = M(F("a", "a"), F("b", "b"));

        MergePlan refused = Plan(baseline, baseline, M());
        Assert.Equal("incoming_tree_empty", refused.Refusal?.Code);
        Assert.Empty(refused.Steps);

        MergePlan asserted = Plan(baseline, baseline, M(), Options with { IncomingIsReallyEmpty = true });
        Assert.Equal(["Delete a", "Delete b"], Steps(asserted));
    }

    [Fact]
    public void H_M6_TreesTakenWithDifferentExcludes_AreRefused()
    {
        Manifest incoming = new([F("a", "a")], [.. ExcludeRules.Always, "node_modules"], DateTimeOffset.UnixEpoch);
        Assert.Equal("excludes_differ", Plan(M(F("a", "a")), M(F("a", "a")), incoming).Refusal?.Code);
    }

    [Theory]
    [InlineData("/etc/passwd", "path_not_relative")]
    [InlineData("C:/x", "path_not_relative")]
    [InlineData("../outside", "path_escapes_workspace")]
    [InlineData("a/../../outside", "path_escapes_workspace")]
    [InlineData("a//b", "path_escapes_workspace")]
    [InlineData("./a", "path_escapes_workspace")]
    public void IncomingPathsThatAreNotPlainRelativePaths_AreRefused(string path, string code)
    {
        MergePlan plan = Plan(M(), M(), M(F(path, "x")));
        Assert.Equal((code, path), (plan.Refusal?.Code, plan.Refusal?.Path));
        Assert.Empty(plan.Steps);
    }

    [Fact]
    public void H_P1_ASymlinkEscapingTheWorkspace_IsRefused_UnlessAllowed()
    {
        foreach (string target in new[] { "/etc", "../../outside", "sub/../../x" })
        {
            Assert.Equal("symlink_escapes_workspace", Plan(M(), M(), M(L("link", target))).Refusal?.Code);
        }

        Assert.Null(Plan(M(), M(), M(D("a"), L("a/up", "../b"))).Refusal);
        Assert.Equal(["Write link"], Steps(Plan(M(), M(), M(L("link", "/etc")), Options with { AllowEscapingSymlinks = true })));
        // An escaping link already in the baseline, unchanged, is not the remote's doing: no refusal.
        Assert.Null(Plan(M(L("link", "/etc")), M(L("link", "/etc")), M(L("link", "/etc"))).Refusal);
    }

    [Fact]
    public void H_P2_AnIncomingPathUnderASymlink_IsRefused()
    {
        Assert.Equal("path_through_symlink", Plan(M(), M(), M(D("sub"), L("out", "sub"), F("out/evil", "x"))).Refusal?.Code);
        Assert.Equal("path_through_symlink", Plan(M(L("out", "sub")), M(L("out", "sub")), M(L("out", "sub"), F("out/evil", "x"))).Refusal?.Code);

        // A path the baseline has is checked all the same when the remote turned its parent into a link, and a second
        // sibling under an already checked parent is refused as the first would be.
        Assert.Equal("path_through_symlink", Plan(M(D("dir"), F("dir/a", "a")), M(D("dir"), F("dir/a", "a")), M(L("dir", "other"), F("dir/a", "a"))).Refusal?.Code);
        Assert.Equal(
            ("path_through_symlink", "out/b"),
            Plan(M(), M(L("out", "/tmp")), M(D("ok"), F("ok/a", "a"), F("out/b", "b"), F("out/c", "c"))) is { Refusal: { } r } ? (r.Code, r.Path) : default);
    }

    [Fact]
    public void SpecialFiles_InTheIncomingTree_AreRefused()
    {
        Manifest incoming = new([F("a", "a")], ExcludeRules.Always, DateTimeOffset.UnixEpoch, [new SkippedEntry("pipe", "fifo")]);
        Assert.Equal(("special_file", "pipe"), (Plan(M(), M(), incoming).Refusal?.Code, Plan(M(), M(), incoming).Refusal?.Path));
    }

    [Fact]
    public void AStaleBaseline_KeepsBothMergesFiles()
    {
        // The first merge brought a.txt back; the second remote ran from the same (now stale) baseline and added b.txt.
        Manifest baseline = M(F("base", "0"));
        Manifest afterFirst = M(F("base", "0"), F("a.txt", "from run 1"));
        MergePlan second = Plan(baseline, afterFirst, M(F("base", "0"), F("b.txt", "from run 2")));

        Assert.Equal(["Write b.txt"], Steps(second));
        Assert.Empty(second.Conflicts);
    }

    [Fact]
    public void Steps_CarryWhatTheLocalSideMustStillBe_SoAnEditDuringTheMergeIsCaught()
    {
        ManifestEntry local = F("a.txt", "v1");
        MergeStep step = Assert.Single(Plan(M(local), M(local), M(F("a.txt", "v2"))).Steps);
        Assert.Same(local.Path, step.Expected?.Path);
        Assert.True(step.Expected!.SameContentAs(local));
    }

    [Fact]
    public void ARepeatedMerge_FindsItsConflictCopyAlreadyThere_AndWritesNoSecond()
    {
        Manifest local = M(F("a.txt", "local"), F("a.paperclip-remote-1a2b3c4d.txt", "remote"));
        MergePlan again = Plan(M(F("a.txt", "base")), local, M(F("a.txt", "remote")));

        Assert.Empty(again.Steps);
        Assert.Equal("a.paperclip-remote-1a2b3c4d.txt", Assert.Single(again.Conflicts).KeptAs);
    }

    [Fact]
    public void AFileTheRemoteTurnedIntoASymlink_IsDeletedThenWritten_ExpectingThePathEmptyByThen()
    {
        MergePlan plan = Plan(M(F("config.json", "{}")), M(F("config.json", "{}")), M(L("config.json", "README.md")));

        Assert.Equal(["Delete config.json", "Write config.json"], Steps(plan));
        Assert.Null(plan.Steps[1].Expected);
    }
}
