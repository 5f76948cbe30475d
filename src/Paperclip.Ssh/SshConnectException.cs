namespace Paperclip.Ssh;

/// <summary>
/// Why an SSH connection could not be made, with the stable code a probe reports (<c>host_key_unknown</c>,
/// <c>host_key_mismatch</c>, <c>auth_failed</c>, <c>unreachable</c>, <c>timeout</c>). Its message never holds key
/// material.
/// </summary>
public sealed class SshConnectException : Exception
{
    /// <summary>Creates the failure.</summary>
    public SshConnectException(string code, string message, IReadOnlyDictionary<string, object?>? details = null, Exception? inner = null)
        : base(message, inner)
    {
        this.Code = code;
        this.Details = details ?? new Dictionary<string, object?>();
    }

    /// <summary>Creates a failure with no code (use the other constructor).</summary>
    public SshConnectException()
        : this("unreachable", "The SSH connection failed.")
    {
    }

    /// <summary>Creates a failure with a message.</summary>
    public SshConnectException(string message)
        : this("unreachable", message)
    {
    }

    /// <summary>Creates a failure with a message and its cause.</summary>
    public SshConnectException(string message, Exception inner)
        : this("unreachable", message, null, inner)
    {
    }

    /// <summary>The stable code.</summary>
    public string Code { get; }

    /// <summary>What the caller may show (fingerprints, never keys).</summary>
    public IReadOnlyDictionary<string, object?> Details { get; }
}
