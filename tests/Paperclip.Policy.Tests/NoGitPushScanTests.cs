using Paperclip.Testing;

namespace Paperclip.Policy.Tests;

public sealed class NoGitPushScanTests
{
    [Theory]
    [InlineData("git push origin main", "#")]
    [InlineData("GIT  PUSH --tags", "#")]
    [InlineData("run git-push now", "#")]
    [InlineData("call git_push", "#")]
    [InlineData("echo \"git push\"  # in a string it is code", "#")]
    [InlineData("spawn(\"git\", [\"push\", \"origin\"]);", "//")]
    [InlineData("execFile('git', ['push'])", "//")]
    [InlineData("execFile(`git`, [`push`])", "//")]
    [InlineData("& git push", "#")]
    [InlineData("\"cmd\": \"git push\"", "//")]
    [InlineData("git push", "")]
    [InlineData("git -C \"$WORKSPACE\" push origin HEAD", "#")]
    [InlineData("cd repo && git -c user.name=x --no-pager push", "#")]
    public void Finds_EveryPushForm(string line, string comment) =>
        Assert.Single(NoGitPushScan.ScanText("f", line, comment));

    [Theory]
    [InlineData("git pull --rebase", "#")]
    [InlineData("gitpush", "#")]
    [InlineData("git pushed", "#")]
    [InlineData("legit push", "#")]
    [InlineData("my_git push", "#")]
    [InlineData("echo 'use git to push nothing'", "#")]
    [InlineData("git -C \"$dir\" fetch && echo push", "#")]
    [InlineData("args.push('git')", "//")]
    [InlineData("git fetch # then git push later", "#")]
    [InlineData("fetch(); // git push would be wrong", "//")]
    [InlineData("url = 'https://example.com//git' // git push", "//")]
    public void Ignores_OtherTextAndComments(string line, string comment) =>
        Assert.Empty(NoGitPushScan.ScanText("f", line, comment));

    [Fact]
    public void TheAllowMarker_WithAReason_AllowsItsLineAndTheNextOnly()
    {
        Assert.Empty(NoGitPushScan.ScanText("f", "git push # paperclip:allow-git-push: operator-configured mirror", "#"));
        Assert.Empty(NoGitPushScan.ScanText("f", "# paperclip:allow-git-push: operator-configured mirror\ngit push", "#"));
        Assert.Equal([3], NoGitPushScan.ScanText("f", "# paperclip:allow-git-push: operator-configured mirror\necho\ngit push", "#").Select(f => f.Line));
        Assert.Equal([1], NoGitPushScan.ScanText("f", "git push\n# paperclip:allow-git-push: too late", "#").Select(f => f.Line));
    }

    [Theory]
    [InlineData("# paperclip:allow-git-push:\ngit push")]
    [InlineData("# paperclip:allow-git-push:   \ngit push")]
    [InlineData("git push # paperclip:allow-git-push")]
    public void TheAllowMarker_WithoutAReason_IsItsOwnFinding(string text)
    {
        NoGitPushScan.Finding finding = Assert.Single(NoGitPushScan.ScanText("f", text, "#"));
        Assert.True(finding.MissingReason);
    }

    [Fact]
    public void ScanTree_ReadsScriptsAndShebangFiles_AndSkipsCSharpAndBuildOutput()
    {
        string root = Directory.CreateTempSubdirectory("paperclip-nogitpush-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "sync.sh"), "#!/bin/sh\ngit push origin\n");
            File.WriteAllText(Path.Combine(root, "deploy"), "#!/usr/bin/env bash\n\ngit push\n");
            File.WriteAllText(Path.Combine(root, "Code.cs"), "var s = \"git push\";");
            Directory.CreateDirectory(Path.Combine(root, "bin"));
            File.WriteAllText(Path.Combine(root, "bin", "copy.sh"), "git push");
            Directory.CreateDirectory(Path.Combine(root, "scripts"));
            File.WriteAllText(Path.Combine(root, "scripts", "Sync.ps1"), "git push  # paperclip:allow-git-push: release mirror the operator configured\n");

            Assert.Equal(["deploy:3", "sync.sh:2"], NoGitPushScan.ScanTree(root).Select(f => $"{f.Path}:{f.Line}").Order(StringComparer.Ordinal));
        }
        finally
        {
            TestPaths.TryDelete(root);
        }
    }

    [Fact]
    public void TheProductsSources_HoldNoUnapprovedGitPush()
    {
        IReadOnlyList<NoGitPushScan.Finding> findings = NoGitPushScan.ScanTree(Path.Combine(TestPaths.RepoRoot, "src"));
        Assert.True(findings.Count == 0, string.Join('\n', findings.Select(f => $"{f.Path}:{f.Line}: {f.Text}{(f.MissingReason ? " (the allow marker needs a reason)" : string.Empty)}")));
    }
}
