using System.Globalization;
using System.Text;
using Renci.SshNet;

namespace Paperclip.Ssh;

/// <summary>Starting and reporting <see cref="SshCommand"/>s, one way for every remote operation.</summary>
internal static class RemoteCommand
{
    /// <summary>
    /// Starts a command off the caller's thread (SSH.NET opens the channel synchronously inside ExecuteAsync) and returns
    /// its execution once the channel is open — the point from which its stdin exists.
    /// </summary>
    internal static Task<Task> StartAsync(SshCommand command, CancellationToken execution, CancellationToken start) =>
        Task.Factory.StartNew(() => command.ExecuteAsync(execution), start, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    /// <summary>As <see cref="StartAsync(SshCommand, CancellationToken, CancellationToken)"/>, one token for both.</summary>
    internal static Task<Task> StartAsync(SshCommand command, CancellationToken cancellationToken) => StartAsync(command, cancellationToken, cancellationToken);

    /// <summary>How a finished command ended, for messages: <c>exit 3: &lt;its stderr&gt;</c> (or the signal's name).</summary>
    internal static string Outcome(SshCommand command) =>
        $"exit {command.ExitStatus?.ToString(CultureInfo.InvariantCulture) ?? command.ExitSignal}: {command.Error.Trim()}";

    /// <summary>
    /// The command's stdin, or null when it already ended: a quick command that reads nothing may finish before its
    /// stdin is asked for, and SSH.NET then refuses the stream.
    /// </summary>
    internal static Stream? TryInputStream(SshCommand command)
    {
        try
        {
            return command.CreateInputStream();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to the command's stdin and closes it (nothing, if it already ended).</summary>
    internal static async Task WriteInputAsync(SshCommand command, byte[] bytes, CancellationToken cancellationToken)
    {
        if (TryInputStream(command) is { } input)
        {
            using (input)
            {
                await input.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Runs a short script to its end and returns its stdout; a non-zero exit is an <see cref="IOException"/> with the
    /// script's stderr. <paramref name="stdin"/> is for the commands that read a list; without one a byte nobody reads
    /// is sent, so that an EOF is sent at all (SSH.NET sends EOF only after a byte was written).
    /// </summary>
    internal static async Task<string> RunAsync(SshClient client, string script, string? stdin, CancellationToken cancellationToken)
    {
        using SshCommand command = client.CreateCommand(script);
        Task execution = await StartAsync(command, cancellationToken).ConfigureAwait(false);
        await WriteInputAsync(command, Encoding.UTF8.GetBytes(stdin ?? "\n"), cancellationToken).ConfigureAwait(false);

        await execution.ConfigureAwait(false);
        return command.ExitStatus == 0
            ? command.Result
            : throw new IOException($"A command failed on the box ({Outcome(command)}).");
    }
}
