using System.Diagnostics;
using Paperclip.Core.Policies.Workspaces;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Tests.Validation;

/// <summary>Branch names as git checks them: each verdict is compared with git's own <c>check-ref-format</c>.</summary>
public sealed class GitRefNameTests
{
    [Theory]
    [InlineData("main", null)]
    [InlineData("paperclip/pap-12-fix-login", null)]
    [InlineData("feature/PAP-1_x.y", null)]
    [InlineData("a..b", "must not contain '..'.")]
    [InlineData("fix login", "must not contain spaces or control characters.")]
    [InlineData("tab\tname", "must not contain spaces or control characters.")]
    [InlineData("work/", "must not start or end with '/'.")]
    [InlineData("/work", "must not start or end with '/'.")]
    [InlineData("a//b", "must not contain '//'.")]
    [InlineData("a\\b", "must not contain '\\'.")]
    [InlineData("topic.lock", "must not end with '.lock' (nor may any path component).")]
    [InlineData("x.lock/y", "must not end with '.lock' (nor may any path component).")]
    [InlineData("a/.hidden", "must not have a path component starting with '.'.")]
    [InlineData("dot.", "must not end with '.'.")]
    [InlineData("a@{b", "must not contain '@{'.")]
    [InlineData("what?", "must not contain any of ~ ^ : ? * [.")]
    [InlineData("a~1", "must not contain any of ~ ^ : ? * [.")]
    [InlineData("a:b", "must not contain any of ~ ^ : ? * [.")]
    public void ABranchName_IsJudgedAsGitJudgesIt(string name, string? problem)
    {
        Assert.Equal(problem, GitRefName.Problem(name));
        Assert.Equal(problem is null, GitAccepts(name));
    }

    [Fact]
    public void ALeadingDash_AndABareAt_AreRefused_AsGitBranchRefusesThem()
    {
        // Valid as full ref names, but git branch refuses them: one reads as an option, the other as HEAD.
        Assert.Equal("must not start with '-'.", GitRefName.Problem("-f"));
        Assert.Equal("must not be '@'.", GitRefName.Problem("@"));
    }

    [Fact]
    public void ATemplate_RendersSlugs_SoOnlyItsLiteralTextCanBreakTheName()
    {
        BranchValues values = new("PAP-7", Guid.Empty, "Fix the Login page!!  (again)", Guid.Empty, "Claude Coder", Guid.Empty, "Web App");
        string branch = BranchTemplate.Render("{{agent.name}}/{{issue.identifier}}-{{slug}}@{{project.name}}", values);
        Assert.Equal("claude-coder/PAP-7-fix-the-login-page-again@web-app", branch);
        Assert.True(GitAccepts(branch));
        Assert.Null(BranchTemplate.Problem("{{ issue.identifier }}/{{issue.title}}"));
        Assert.Equal("has a '{' or '}' outside a {{placeholder}}.", BranchTemplate.Problem("{{slug}"));
    }

    static bool GitAccepts(string name)
    {
        ProcessStartInfo start = new("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("check-ref-format");
        start.ArgumentList.Add("refs/heads/" + name);
        using Process git = Process.Start(start)!;
        git.WaitForExit();
        return git.ExitCode == 0;
    }
}
