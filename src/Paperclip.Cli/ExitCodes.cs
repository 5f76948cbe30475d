namespace Paperclip.Cli;

/// <summary>The CLI's exit codes: scripts branch on these.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The API refused (its problem's code and detail are on stderr).</summary>
    public const int Refused = 1;

    /// <summary>The command line was wrong (unknown command, bad flag, bad value).</summary>
    public const int Usage = 2;

    /// <summary>The control plane could not be reached.</summary>
    public const int CannotConnect = 3;

    /// <summary>Try again later (sysexits' EX_TEMPFAIL): the API asked to retry, and the caller said not to wait.</summary>
    public const int RetryLater = 75;
}

/// <summary>Ends a command with an exit code and a one-line message for stderr.</summary>
public class CliException(int exitCode, string message) : Exception(message)
{
    /// <summary>The process's exit code.</summary>
    public int ExitCode { get; } = exitCode;
}
