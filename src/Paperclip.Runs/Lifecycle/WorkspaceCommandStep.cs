using Microsoft.Extensions.Options;
using Paperclip.Core;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;
using Paperclip.Core.Services.Runs;

namespace Paperclip.Runs.Lifecycle;

/// <summary>
/// One operator command of a workspace's strategy (provision in prepare, teardown at archive) as one ledger row: the
/// row is written running, the command runs in the workspace's directory, and the row ends with its exit code and the
/// ends of its output. The command sees the workspace's facts in <c>PAPERCLIP_WORKSPACE_*</c> variables and nothing of
/// the control plane's own environment (no API key either: it is not the agent).
/// </summary>
public sealed class WorkspaceCommandStep(IWorkspaceProvisioner provisioner, WorkspaceLedger ledger, IOptions<PaperclipOptions> options)
{
    /// <summary>How much of the output a failure's message quotes (the row keeps 4,096 characters of each stream).</summary>
    const int MessageExcerptChars = 1_000;

    /// <summary>
    /// Runs <paramref name="command"/> as <paramref name="phase"/> for <paramref name="ownerId"/> (the run, or the
    /// archive). Returns null when it succeeded, else why not, quoting the end of its output.
    /// </summary>
    public async Task<string?> RunAsync(Guid ownerId, string phase, ExecutionWorkspace workspace, string command, IReadOnlyDictionary<string, string> extra, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(extra);
        WorkspaceOperation row = await ledger.BeginAsync(workspace.CompanyId, ownerId, workspace.Id, phase, cancellationToken).ConfigureAwait(false);
        TimeSpan timeout = options.Value.WorkspaceCommandTimeout;
        Dictionary<string, string> environment = new(extra, StringComparer.Ordinal)
        {
            ["PAPERCLIP_COMPANY_ID"] = workspace.CompanyId.ToString("D"),
            ["PAPERCLIP_WORKSPACE_ID"] = workspace.Id.ToString("D"),
            ["PAPERCLIP_WORKSPACE_CWD"] = workspace.Cwd,
            ["PAPERCLIP_WORKSPACE_PHASE"] = phase,
        };
        Add(environment, "PAPERCLIP_WORKSPACE_BRANCH", workspace.BranchName);
        Add(environment, "PAPERCLIP_WORKSPACE_BASE_REF", workspace.BaseRef);
        Add(environment, "PAPERCLIP_WORKSPACE_REPO_ROOT", workspace.RepoPath);
        Add(environment, "PAPERCLIP_ISSUE_ID", workspace.SourceIssueId?.ToString("D"));

        string? failure;
        WorkspaceCommandResult? result = null;
        try
        {
            result = await provisioner.RunCommandAsync(workspace.Cwd, command, environment, timeout, cancellationToken).ConfigureAwait(false);
            failure = result.Succeeded ? null : Describe(phase, result, timeout);
        }
        catch (Core.Errors.PaperclipException ex)
        {
            failure = $"{phase}: {ex.Message}";
        }

        await ledger.EndAsync(row, failure is not null, result?.ExitCode, failure, cancellationToken, r => r with
        {
            StdoutExcerpt = NullIfEmpty(result?.StdoutExcerpt),
            StderrExcerpt = NullIfEmpty(result?.StderrExcerpt),
        }).ConfigureAwait(false);
        return failure;
    }

    static string Describe(string phase, WorkspaceCommandResult result, TimeSpan timeout)
    {
        string how = result.TimedOut ? $"did not finish within {timeout.TotalSeconds:0} s and was stopped" : $"exited with code {result.ExitCode}";
        string output = (result.StderrExcerpt.Trim().Length > 0 ? result.StderrExcerpt : result.StdoutExcerpt).Trim();
        string excerpt = output.Length > MessageExcerptChars ? "…" + output[^MessageExcerptChars..] : output;
        return excerpt.Length == 0 ? $"The {phase} command {how}." : $"The {phase} command {how}: {excerpt}";
    }

    static void Add(Dictionary<string, string> environment, string name, string? value)
    {
        if (value is not null)
        {
            environment[name] = value;
        }
    }

    static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
