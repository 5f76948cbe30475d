using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Ports;
using Paperclip.Core.Secrets;
using Renci.SshNet;

namespace Paperclip.Ssh;

/// <summary>
/// Probes environments. <c>local</c> is always available. <c>ssh</c>: connect (≈ 5 s), then one command that reports
/// <c>uname -s -m</c>, the tools the sync needs (<c>tar</c>, GNU <c>sha256sum</c>, <c>find</c> and <c>xargs</c>) and whether the
/// workspace path is writable — by creating <c>&lt;remoteWorkspacePath&gt;/.paperclip-runtime/</c> (where the sync keeps
/// its mirror; the probe's only lasting trace on the box, H-E3) and a file in it that it removes at once. Never throws
/// for what the environment does wrong.
/// </summary>
public sealed class SshEnvironmentProbe : IEnvironmentProbe
{
    static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);

    /// <inheritdoc/>
    public async Task<EnvironmentProbeResult> ProbeAsync(ExecutionEnvironment environment, SecretValue? privateKey, bool trustHostKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Driver == EnvironmentDriver.Local)
        {
            return new EnvironmentProbeResult(true, "local", null, "Local environment is available on this Paperclip host.",
                new Dictionary<string, object?> { ["hostname"] = Environment.MachineName, ["cwd"] = Environment.CurrentDirectory });
        }

        SshEnvironmentConfig config = SshEnvironmentConfig.From(environment.Config);
        Dictionary<string, object?> details = new()
        {
            ["host"] = config.Host,
            ["port"] = config.Port,
            ["username"] = config.Username,
            ["remoteWorkspacePath"] = config.RemoteWorkspacePath,
        };
        try
        {
            using SshConnection connection = await SshConnector.ConnectAsync(config, privateKey, trustHostKey, cancellationToken).ConfigureAwait(false);
            details["hostKeyFingerprint"] = connection.Fingerprint;
            string output = await RunAsync(connection.Client, Script(config.RemoteWorkspacePath), cancellationToken).ConfigureAwait(false);
            string[] lines = [.. output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            if (lines.FirstOrDefault(l => l.StartsWith("os ", StringComparison.Ordinal)) is { } os && os[3..].Split(' ') is [var kernel, var arch, ..])
            {
                (details["os"], details["arch"]) = (kernel, arch);
            }

            details["remoteCwd"] = lines.FirstOrDefault(l => l.StartsWith("cwd ", StringComparison.Ordinal))?[4..];
            string[] missing = [.. lines.Where(l => l.StartsWith("missing ", StringComparison.Ordinal)).Select(l => l[8..])];
            if (!lines.Contains("writable"))
            {
                return Failed(config, "path_not_writable", $"{config.RemoteWorkspacePath} is not writable by {config.Username} (or cannot be created).", details);
            }

            if (missing.Length > 0)
            {
                details["missingTools"] = missing;
                return Failed(config, "tool_missing", $"the remote box lacks {string.Join(", ", missing)} (the workspace sync needs them).", details);
            }

            return new EnvironmentProbeResult(true, "ssh", null, $"Connected to {config.Username}@{config.Host} and verified the remote workspace path.", details)
            {
                TrustedKnownHostsLine = connection.NewlyTrusted ? KnownHosts.Line(config.Host, config.Port, connection.HostKey) : null,
            };
        }
        catch (SshConnectException failure)
        {
            foreach ((string key, object? value) in failure.Details)
            {
                details[key] = value;
            }

            return Failed(config, failure.Code, failure.Message, details);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The connection dropped or stalled after the handshake (or SSH.NET failed some other way): a result, never a 500.
            return Failed(config, ex is Renci.SshNet.Common.SshOperationTimeoutException or TimeoutException or OperationCanceledException ? "timeout" : "unreachable",
                $"the connection failed during the checks: {ex.Message}", details);
        }
    }

    static EnvironmentProbeResult Failed(SshEnvironmentConfig config, string code, string error, Dictionary<string, object?> details)
    {
        details["error"] = error;
        details["code"] = code;
        return new EnvironmentProbeResult(false, "ssh", code, $"SSH probe failed for {config.Username}@{config.Host}: {error}", details);
    }

    /// <summary>The checks, as one POSIX shell command (no secret in it: it is an ordinary command line on the box).</summary>
    internal static string Script(string remoteWorkspacePath)
    {
        string path = RemoteShell.Quote(remoteWorkspacePath);
        string runtime = RemoteShell.Quote(remoteWorkspacePath.TrimEnd('/') + "/.paperclip-runtime");
        return string.Join('\n',
            "echo \"os $(uname -s) $(uname -m)\"",
            "command -v tar >/dev/null 2>&1 || echo 'missing tar'",
            "printf '' | sha256sum -z >/dev/null 2>&1 || echo 'missing sha256sum'",
            "find / -maxdepth 0 -printf '' >/dev/null 2>&1 || echo 'missing find'",
            "printf '' | xargs -0r true >/dev/null 2>&1 || echo 'missing xargs'",
            $"if mkdir -p {runtime} 2>/dev/null && probe={runtime}/.probe-$$ && : > \"$probe\" 2>/dev/null && rm -f \"$probe\"; then echo writable; fi",
            $"cd {path} 2>/dev/null && echo \"cwd $(pwd)\"",
            "exit 0");
    }

    static async Task<string> RunAsync(SshClient client, string script, CancellationToken cancellationToken)
    {
        using SshCommand command = client.CreateCommand(script);
        command.CommandTimeout = CommandTimeout;

        await (await RemoteCommand.StartAsync(command, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        return command.Result;
    }
}
