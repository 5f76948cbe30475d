using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Secrets;

namespace Paperclip.Core.Ports;

/// <summary>Checks that an environment can run agents (for <c>ssh</c>: connect, the remote tools, the workspace path).</summary>
public interface IEnvironmentProbe
{
    /// <summary>
    /// Probes <paramref name="environment"/>; never throws for what the environment does wrong (that is a result with
    /// <c>ok: false</c> and a stable code). With <paramref name="trustHostKey"/> an unknown host key is accepted and
    /// returned for pinning; a mismatched one never is.
    /// </summary>
    Task<EnvironmentProbeResult> ProbeAsync(ExecutionEnvironment environment, SecretValue? privateKey, bool trustHostKey, CancellationToken cancellationToken);
}
