namespace Paperclip.Core.Ports;

/// <summary>
/// An <see cref="IExecutionTarget"/> could not start a command. The message names the program and the reason, never
/// the environment.
/// </summary>
public sealed class ExecutionStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExecutionStartException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExecutionStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ExecutionStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
