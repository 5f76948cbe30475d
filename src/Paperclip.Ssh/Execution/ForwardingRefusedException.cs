using Paperclip.Core.Errors;

namespace Paperclip.Ssh.Execution;

/// <summary>The SSH server refused remote port forwarding (<c>AllowTcpForwarding no</c>): the tunnel mode cannot be used.</summary>
public sealed class ForwardingRefusedException : PaperclipException
{
    /// <summary>Creates the exception.</summary>
    public ForwardingRefusedException(string message, Exception innerException)
        : base(503, ErrorCodes.BridgeUnavailable, "Callback bridge unavailable", message, null, innerException)
    {
    }
}
