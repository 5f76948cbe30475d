namespace Paperclip.Core.Ports;

/// <summary>
/// Thrown by <see cref="IExecutionHandle.Exited"/> when the target lost the command: the connection to the box it ran
/// on dropped, so how it ended is unknown (a remote target's guard stops it there). <see cref="Code"/> is stable and
/// becomes the run's error code.
/// </summary>
public sealed class ExecutionLostException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExecutionLostException()
        : this("execution_lost", "The command was lost.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExecutionLostException(string message)
        : this("execution_lost", message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ExecutionLostException(string message, Exception innerException)
        : this("execution_lost", message, innerException)
    {
    }

    /// <summary>Creates the exception with a code, a message and optionally its cause.</summary>
    public ExecutionLostException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        this.Code = code;
    }

    /// <summary>The stable code (for example <c>ssh_connection_lost</c>).</summary>
    public string Code { get; }
}
