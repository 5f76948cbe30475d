namespace Paperclip.Core.Ports;

/// <summary>How a command ended: it exited with a code, or a signal ended it.</summary>
/// <param name="ExitCode">The exit code, or null when a signal ended the command.</param>
/// <param name="Signal">The signal's name (<c>SIGTERM</c>, <c>SIGKILL</c>, …) when one ended the command.</param>
public sealed record ExecutionExit(int? ExitCode, string? Signal)
{
    /// <summary>The command exited with <paramref name="code"/>.</summary>
    public static ExecutionExit WithCode(int code) => new(code, null);

    /// <summary>A signal ended the command.</summary>
    public static ExecutionExit BySignal(string signal) => new(null, signal);

    /// <summary>For messages: "exit code 3" or "signal SIGTERM".</summary>
    public override string ToString() => this.Signal is { } signal ? $"signal {signal}" : $"exit code {this.ExitCode}";
}
