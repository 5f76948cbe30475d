using System.Globalization;
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
}
