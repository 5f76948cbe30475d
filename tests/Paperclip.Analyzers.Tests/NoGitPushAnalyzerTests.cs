using static Paperclip.Analyzers.Tests.AnalyzerVerifier;

namespace Paperclip.Analyzers.Tests;

public sealed class NoGitPushAnalyzerTests
{
    static string InMethod(string body) => $$"""
        using System.Collections.Generic;
        using System.Diagnostics;
        using Renci.SshNet;

        static class Adapter
        {
            const string Git = "git";

            static void Run(string dir, string remote, SshClient ssh, Process process)
            {
        {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("""_ = {|PAPER001:"git push origin main"|};""")]
    [InlineData("""_ = {|PAPER001:"GIT  Push --tags"|};""")]
    [InlineData("""_ = {|PAPER001:"git\tpush"|};""")]
    [InlineData("""_ = {|PAPER001:"run git-push now"|};""")]
    [InlineData("""_ = {|PAPER001:"git_push"|};""")]
    [InlineData("""_ = {|PAPER001:@"git  push"|};""")]
    [InlineData("_ = {|PAPER001:\"\"\"\n    git push\n    \"\"\"|};")]
    [InlineData("_ = {|PAPER001:\"\"\"git push\"\"\"|};")]
    [InlineData("""_ = {|PAPER001:"git push"u8|};""")]
    [InlineData("""_ = {|PAPER001:$"git push {remote}"|};""")]
    [InlineData("""_ = {|PAPER001:$@"git -C {dir} push"|};""")]
    [InlineData("""_ = {|PAPER001:$"cd {dir} && git --git-dir {dir}/.git push"|};""")]
    [InlineData("_ = {|PAPER001:$\"\"\"git push {remote}\"\"\"|};")]
    [InlineData("""_ = {|PAPER001:"git " + "push"|};""")]
    [InlineData("""_ = {|PAPER001:Git + " push"|};""")]
    [InlineData("""_ = {|PAPER001:"git " + ("-C " + dir) + " push"|};""")]
    public Task Strings_InEveryForm(string body) => VerifyAsync(InMethod(body));

    [Theory]
    [InlineData("""_ = new[] { "git", {|PAPER001:"push"|} };""")]
    [InlineData("""_ = new string[] { "git", "-C", dir, {|PAPER001:"push"|}, remote };""")]
    [InlineData("""string[] args = ["git", "--no-pager", {|PAPER001:"PUSH"|}];""")]
    [InlineData("""List<string> args = [Git, {|PAPER001:"push"|}];""")]
    [InlineData("""_ = new List<string> { "git", "-c", "x=y", {|PAPER001:"push"|} };""")]
    [InlineData("""_ = new List<string> { "/usr/bin/git", "log", "--grep", {|PAPER001:"push"|} };""")]
    [InlineData("""Process.Start("git", {|PAPER001:"push origin"|});""")]
    [InlineData("""Process.Start("git.exe", {|PAPER001:$"-C {dir} push"|});""")]
    [InlineData("""string git = "git"; string sub = "push"; _ = new[] { git, {|PAPER001:sub|} };""")]
    public Task ArgumentLists_GitFollowedByPush(string body) => VerifyAsync(InMethod(body));

    [Theory]
    [InlineData("""_ = new ProcessStartInfo { FileName = "git", Arguments = {|PAPER001:"push"|} };""")]
    [InlineData("""_ = new ProcessStartInfo { FileName = Git, Arguments = {|PAPER001:$"-C {dir} push {remote}"|} };""")]
    [InlineData("""_ = new ProcessStartInfo("git") { ArgumentList = { "-C", dir, {|PAPER001:"push"|} } };""")]
    [InlineData("""var psi = new ProcessStartInfo { FileName = "git" }; psi.ArgumentList.Add({|PAPER001:"push"|});""")]
    [InlineData("""var psi = new ProcessStartInfo(); psi.FileName = "git"; psi.ArgumentList.Add("-C"); psi.ArgumentList.Add(dir); psi.ArgumentList.Add({|PAPER001:"push"|});""")]
    [InlineData("""ProcessStartInfo psi = new("git"); psi.Arguments = {|PAPER001:"push --force"|};""")]
    [InlineData("""process.StartInfo.FileName = "git"; process.StartInfo.Arguments = {|PAPER001:"push"|};""")]
    [InlineData("""var args = "push"; _ = new ProcessStartInfo { FileName = "git", Arguments = {|PAPER001:args|} };""")]
    public Task ProcessStartInfo_WithGitAsTheFile(string body) => VerifyAsync(InMethod(body));

    [Theory]
    [InlineData("""ssh.RunCommand({|PAPER001:$"cd {dir} && git push"|});""")]
    [InlineData("""ssh.RunCommand({|PAPER001:$"git -C {dir} push"|});""")]
    [InlineData("""ssh.CreateCommand({|PAPER001:"set -e; git -c core.x=1 push origin HEAD"|}).Execute();""")]
    [InlineData("""var command = {|PAPER001:$"git -C '{dir}' push"|}; ssh.RunCommand(command);""")]
    public Task SshNetCommandStrings(string body) => VerifyAsync(InMethod(body));

    [Fact]
    public Task TheMessage_NamesTheCall() => VerifyAsync(
        InMethod("""
                    Process.Start("git", {|#0:"push origin"|});
                    ssh.RunCommand({|#1:$"git -C {dir} push"|});
                    var psi = new ProcessStartInfo { FileName = "git" };
                    psi.ArgumentList.Add({|#2:"push"|});
                    _ = {|#3:"git push"|};
            """),
        GitPushAt(0, """Process.Start("git", "push origin")"""),
        GitPushAt(1, """ssh.RunCommand($"git -C {dir} push")"""),
        GitPushAt(2, """psi.ArgumentList.Add("push")"""),
        GitPushAt(3, "\"git push\""));

    [Theory]
    [InlineData("""_ = "git push"; // paperclip:allow-git-push: the operator's release mirror""")]
    [InlineData("""
                // paperclip:allow-git-push: the operator's release mirror
                _ = "git push";
        """)]
    [InlineData("""
                /* paperclip:allow-git-push: the operator's release mirror */
                _ = new[] { "git", "push" };
        """)]
    [InlineData("""
                // paperclip:allow-git-push: publishing the docs site is the operator's own job
                _ = new[]
                {
                    "git",
                    "push",
                };
        """)]
    [InlineData("""
                var psi = new ProcessStartInfo { FileName = "git" };
                psi.ArgumentList.Add("push"); // paperclip:allow-git-push: test fixture's local bare remote
        """)]
    public Task TheAllowMarker_WithAReason_Allows(string body) => VerifyAsync(InMethod(body));

    [Fact]
    public Task TheAllowMarker_WithoutAReason_AllowsNothingAndIsReported() => VerifyAsync(InMethod("""
                {|PAPER002:// paperclip:allow-git-push:|}
                _ = {|PAPER001:"git push"|};
                _ = {|PAPER001:"git push"|}; {|PAPER002:// paperclip:allow-git-push|}
                {|PAPER002:/* paperclip:allow-git-push:   */|}
                _ = {|PAPER001:"git push"|};
        """));

    [Fact]
    public Task TheAllowMarker_TwoLinesAbove_OrBelow_DoesNotAllow() => VerifyAsync(InMethod("""
                // paperclip:allow-git-push: too far away
                _ = 1;
                _ = {|PAPER001:"git push"|};
                // paperclip:allow-git-push: below does not count
        """));

    [Fact]
    public Task TheAllowMarker_InsideAString_IsNotAComment() => VerifyAsync(InMethod("""
                _ = {|PAPER001:"git push // paperclip:allow-git-push: not a comment"|};
        """));

    [Theory]
    [InlineData("// git push origin main")]
    [InlineData("/* new[] { \"git\", \"push\" } */")]
    [InlineData("/// <summary>git push</summary>\n")]
    [InlineData("""_ = "git pull --rebase";""")]
    [InlineData("""_ = "gitpush";""")]
    [InlineData("""_ = "git pushed it";""")]
    [InlineData("""_ = "legit push";""")]
    [InlineData("""_ = "Use git to push nothing";""")]
    [InlineData("""_ = $"git {remote} push";""")]
    [InlineData("""_ = new[] { "git", "pull" };""")]
    [InlineData("""_ = new[] { "push", "git" };""")]
    [InlineData("""_ = new[] { "git", "commit", "-m", "push the button" };""")]
    [InlineData("""Process.Start("dotnet", "nuget push pkg.nupkg");""")]
    [InlineData("""_ = new ProcessStartInfo { FileName = "docker", Arguments = "push image" };""")]
    [InlineData("""_ = new ProcessStartInfo { FileName = "git", Arguments = "fetch origin" };""")]
    [InlineData("""var a = new ProcessStartInfo { FileName = "git", Arguments = "fetch" }; var b = new ProcessStartInfo("docker"); b.ArgumentList.Add("push");""")]
    [InlineData("""var stack = new Stack<string>(); stack.Push("git");""")]
    public Task CommentsAndOtherText_AreIgnored(string body) => VerifyAsync(InMethod(body));

    [Fact]
    public Task TopLevelCode_AndFieldInitializers_AreChecked() => VerifyAsync("""
        static class Commands
        {
            public static readonly string[] Sync = ["git", {|PAPER001:"push"|}];
            public const string Publish = {|PAPER001:"git push --tags"|};
        }
        """);
}
