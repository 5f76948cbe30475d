using System.Diagnostics;

namespace Paperclip.Host.Tests;

/// <summary>git on this machine for the tests' own repositories: an argv, the output trimmed, a failure an assertion.</summary>
internal static class TestGit
{
    /// <summary>Runs <c>git -C <paramref name="directory"/> <paramref name="args"/></c>; returns its stdout, trimmed.</summary>
    public static string Run(string directory, params string[] args)
    {
        ProcessStartInfo start = new("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(directory);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process git = Process.Start(start)!;
        string output = git.StandardOutput.ReadToEnd();
        string error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
        return output.Trim();
    }

    /// <summary>Commits what is staged, as a test identity.</summary>
    public static void Commit(string repo, string message, bool allowEmpty = false) =>
        Run(repo, ["-c", "user.email=test@example.com", "-c", "user.name=test", "commit", "-q", "-m", message, .. allowEmpty ? new[] { "--allow-empty" } : []]);
}
