using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;

namespace Paperclip.Runs.Workspaces;

/// <summary>
/// Runs an operator's workspace command through the system shell (<c>/bin/sh -c</c>, or <c>cmd.exe /d /c</c> on
/// Windows): the command is the operator's text and may use pipes and <c>&amp;&amp;</c>. The environment is cleared
/// to PATH, HOME and what the caller passes, so none of the control plane's own settings (storage connection strings,
/// cloud credentials) reach it. Only the last <see cref="WorkspaceCommandResult.ExcerptChars"/> characters of each
/// stream are kept, however much it prints; on timeout or cancellation its whole process tree is killed.
/// </summary>
internal static class ShellCommand
{
    public static async Task<WorkspaceCommandResult> RunAsync(string directory, string command, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ProcessStartInfo start = OperatingSystem.IsWindows() ? new("cmd.exe") : new("/bin/sh");
        start.ArgumentList.Add(OperatingSystem.IsWindows() ? "/d" : "-c");
        if (OperatingSystem.IsWindows())
        {
            start.ArgumentList.Add("/c");
        }

        start.ArgumentList.Add(command);
        start.WorkingDirectory = directory;
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.Environment.Clear();
        foreach (string name in (string[])["PATH", "HOME", "SystemRoot", "TEMP", "TMP"])
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                start.Environment[name] = value;
            }
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (Win32Exception ex)
        {
            throw new PaperclipException(422, ErrorCodes.WorkspacePrepareFailed, "Workspace command failed", $"The shell could not be started in {directory}: {ex.Message}");
        }

        using Process process = started ?? throw new PaperclipException(422, ErrorCodes.WorkspacePrepareFailed, "Workspace command failed", "The shell could not be started.");
        process.StandardInput.Close();
        using CancellationTokenSource bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        Task<string> stdout = TailAsync(process.StandardOutput);
        Task<string> stderr = TailAsync(process.StandardError);
        bool timedOut = false;
        try
        {
            await process.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }

        return new WorkspaceCommandResult(timedOut ? null : process.ExitCode, timedOut, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Reads a stream to its end, keeping only its last characters.</summary>
    static async Task<string> TailAsync(StreamReader reader)
    {
        const int Keep = WorkspaceCommandResult.ExcerptChars;
        StringBuilder tail = new();
        char[] buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > 2 * Keep)
            {
                tail.Remove(0, tail.Length - Keep);
            }
        }

        return tail.Length > Keep ? tail.ToString(tail.Length - Keep, Keep) : tail.ToString();
    }
}
