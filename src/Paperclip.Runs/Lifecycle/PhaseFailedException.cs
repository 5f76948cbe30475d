namespace Paperclip.Runs.Lifecycle;

/// <summary>A phase of a run failed (its ledger row already says so); the message names the phase and the reason.</summary>
public sealed class PhaseFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PhaseFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PhaseFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public PhaseFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The phase <paramref name="phase"/> failed with <paramref name="cause"/>.</summary>
    public static PhaseFailedException Of(string phase, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new PhaseFailedException($"{phase} failed: {cause.Message}", cause);
    }
}
