using System.ComponentModel;
using System.Diagnostics;

namespace Paperclip.Workspaces.Git;

/// <summary>How a git command ended: its exit code, its stdout (unless streamed elsewhere) and the end of its stderr.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Stdout, trimmed (empty when a sink took it).</param>
/// <param name="Error">The last 500 characters of stderr, trimmed.</param>
public sealed record GitResult(int ExitCode, string Output, string Error)
{
    /// <summary>True when it exited with 0.</summary>
    public bool Succeeded => this.ExitCode == 0;
}

/// <summary>git could not be started, or did not finish in time.</summary>
public sealed class GitCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GitCommandException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Runs git on this machine, one way for every caller: an argv (never a shell line) after <c>-C &lt;directory&gt;</c>,
/// no terminal prompt, stdin closed unless a source writes it, stdout read (or streamed to a sink), a timeout that
/// kills it. It never fetches from or pushes to a remote on its own: callers pass what to do.
/// </summary>
public static class GitCommand
{
    /// <summary>Runs <c>git -C <paramref name="directory"/> <paramref name="args"/></c>.</summary>
    public static async Task<GitResult> RunAsync(string directory, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken cancellationToken, Func<Stream, CancellationToken, Task>? stdout = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ProcessStartInfo start = new("git")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(directory);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (Win32Exception ex)
        {
            throw new GitCommandException("git could not be started (is it installed?).", ex);
        }

        using Process git = started ?? throw new GitCommandException("git could not be started (is it installed?).");
        git.StandardInput.Close();
        using CancellationTokenSource bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        async Task<string> StreamAsync(Func<Stream, CancellationToken, Task> sink)
        {
            await sink(git.StandardOutput.BaseStream, bounded.Token).ConfigureAwait(false);
            return string.Empty;
        }

        Task<string> output = stdout is null ? git.StandardOutput.ReadToEndAsync(bounded.Token) : StreamAsync(stdout);
        Task<string> error = git.StandardError.ReadToEndAsync(bounded.Token);
        try
        {
            await git.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
            string text = await output.ConfigureAwait(false);
            string err = (await error.ConfigureAwait(false)).Trim();
            return new GitResult(git.ExitCode, text.Trim(), err.Length > 500 ? err[^500..] : err);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            git.Kill(entireProcessTree: true);
            throw new GitCommandException($"git {args[0]} did not finish within {timeout.TotalSeconds:0} s.");
        }
    }
}
