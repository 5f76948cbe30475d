using Microsoft.Extensions.Options;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Policies.Workspaces;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Services.Workspaces;

/// <summary>
/// Decides where an issue's run executes — at wake time, because the workspace is what runs serialize on — and keeps
/// the <see cref="ExecutionWorkspace"/> records. The rules are <see cref="ExecutionWorkspacePolicy"/>'s; this applies
/// them to stored issues, projects and workspaces.
/// </summary>
public sealed class ExecutionWorkspaceService(
    IExecutionWorkspaceRepository workspaces,
    IProjectRepository projects,
    IIssueRepository issues,
    IWorkspaceProvisioner provisioner,
    IOptions<PaperclipOptions> options,
    TimeProvider time)
{
    /// <summary>The built-in environment: this control plane's own machine.</summary>
    public const string LocalEnvironmentId = "local";

    /// <summary>
    /// The workspace the issue's next run uses, created or refreshed (lastUsedAt) here. A requested reuse happens only
    /// when the reused workspace's environment is the one the assignee intends; otherwise the run gets a fresh
    /// workspace of its own on the intended environment (never a silent reuse). The issue records the result.
    /// </summary>
    public async Task<ExecutionWorkspace> ResolveForRunAsync(Issue issue, Agent agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(agent);
        Project? project = issue.ProjectId is { } projectId ? await projects.GetAsync(issue.CompanyId, projectId, cancellationToken).ConfigureAwait(false) : null;
        ProjectWorkspacePolicy? policy = project?.ExecutionWorkspacePolicy;
        IssueWorkspaceSettings? settings = issue.ExecutionWorkspaceSettings;
        bool reuseRequested = issue.ExecutionWorkspacePreference == WorkspaceSettingsParser.ReuseExisting || settings?.Mode == IssueWorkspaceMode.ReuseExisting;
        ExecutionWorkspace? reusable = reuseRequested
            ? (await workspaces.GetAsync(issue.CompanyId, issue.ExecutionWorkspaceId, cancellationToken).ConfigureAwait(false))?.Value
            : null;

        EnvironmentResolution environment = ExecutionWorkspacePolicy.ResolveEnvironment(policy, settings, reusable?.Config, agent.DefaultEnvironmentId, LocalEnvironmentId);
        ExecutionWorkspace planned = reusable is not null && environment.Conflict is null
            ? reusable
            : environment.Conflict is not null
                ? this.Fresh(issue, agent, project, environment.EnvironmentId) with { DerivedFromExecutionWorkspaceId = reusable?.Id }
                : this.Plan(issue, agent, project, ExecutionWorkspacePolicy.ResolveMode(policy, settings, null), environment.EnvironmentId);

        ExecutionWorkspace workspace = await this.SaveAsync(planned, cancellationToken).ConfigureAwait(false);
        if (issue.ExecutionWorkspaceId != workspace.Id)
        {
            await OptimisticUpdate.ApplyAsync(
                ct => issues.GetAsync(issue.CompanyId, issue.Id, ct),
                i => i with { ExecutionWorkspaceId = workspace.Id },
                (i, etag, ct) => issues.UpdateAsync(i, etag, ct),
                cancellationToken).ConfigureAwait(false);
        }

        return workspace;
    }

    /// <summary>Gets a workspace record, or null when the id names none (a run from before workspaces were recorded).</summary>
    public async Task<ExecutionWorkspace?> FindAsync(Guid companyId, Guid workspaceId, CancellationToken cancellationToken) =>
        (await workspaces.GetAsync(companyId, workspaceId, cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>Records the outcome of realising the workspace on disk for a run (and when its provision command succeeded).</summary>
    public Task MarkPreparedAsync(ExecutionWorkspace workspace, bool succeeded, CancellationToken cancellationToken, DateTimeOffset? provisionedAt = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        DateTimeOffset now = time.GetUtcNow();
        return OptimisticUpdate.ApplyAsync(
            ct => workspaces.GetAsync(workspace.CompanyId, workspace.Id, ct),
            w => w with
            {
                Status = succeeded ? ExecutionWorkspaceStatus.Active : ExecutionWorkspaceStatus.CleanupFailed,
                LastUsedAt = now,
                ProvisionedAt = provisionedAt ?? w.ProvisionedAt,
            },
            (w, etag, ct) => workspaces.UpdateAsync(w, etag, ct),
            cancellationToken);
    }

    /// <summary>The directory a workspace of ours lives in under the data directory.</summary>
    public string DirectoryFor(Guid companyId, string kind, Guid id) =>
        Path.Combine(options.Value.DataDirectory, "workspaces", companyId.ToString("N"), kind, id.ToString("N"));

    /// <summary>The branch an issue's worktree uses without a branchTemplate: <c>paperclip/&lt;identifier&gt;-&lt;title slug&gt;</c>.</summary>
    public static string BranchFor(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        string tail = BranchTemplate.Slug(issue.Title, 40);
        string identifier = issue.Identifier.ToLowerInvariant();
        return tail.Length == 0 ? $"paperclip/{identifier}" : $"paperclip/{identifier}-{tail}";
    }

    ExecutionWorkspace Plan(Issue issue, Agent agent, Project? project, IssueWorkspaceMode mode, string environmentId)
    {
        DateTimeOffset now = time.GetUtcNow();
        switch (mode)
        {
            case IssueWorkspaceMode.SharedWorkspace when project is not null:
                Guid shared = DeterministicIds.From("execution-workspace", issue.CompanyId.ToString(), "project", project.Id.ToString());
                return new ExecutionWorkspace(shared, issue.CompanyId, project.Id, null, IssueWorkspaceMode.SharedWorkspace, WorkspaceStrategy.ProjectPrimary,
                    project.Name, ExecutionWorkspaceStatus.Active, project.WorkspaceCwd ?? this.DirectoryFor(issue.CompanyId, "projects", project.Id),
                    environmentId, now, now)
                { Config = new WorkspaceConfig(EnvironmentSetting.Of(environmentId)) };
            case IssueWorkspaceMode.AgentDefault:
                Guid own = DeterministicIds.From("execution-workspace", issue.CompanyId.ToString(), "agent", agent.Id.ToString());
                return new ExecutionWorkspace(own, issue.CompanyId, issue.ProjectId, null, IssueWorkspaceMode.AgentDefault, WorkspaceStrategy.AdapterManaged,
                    agent.Name, ExecutionWorkspaceStatus.Active, this.DirectoryFor(issue.CompanyId, "agents", agent.Id), environmentId, now, now)
                { Config = new WorkspaceConfig(EnvironmentSetting.Of(environmentId)) };
            default:
                // isolated_workspace and operator_branch (and shared without a project): the issue's own workspace.
                return this.Isolated(issue, agent, project, issue.Id, environmentId, mode == IssueWorkspaceMode.SharedWorkspace ? IssueWorkspaceMode.IsolatedWorkspace : mode);
        }
    }

    /// <summary>The fresh workspace of a conflict: the issue's own, keyed by the environment so it never is the reused one.</summary>
    ExecutionWorkspace Fresh(Issue issue, Agent agent, Project? project, string environmentId) =>
        this.Isolated(issue, agent, project, DeterministicIds.From("execution-workspace", issue.CompanyId.ToString(), "issue", issue.Id.ToString(), environmentId), environmentId, IssueWorkspaceMode.IsolatedWorkspace);

    /// <summary>
    /// The issue's own workspace: a worktree of the project's repository when it has one (or its enabled policy's
    /// strategy asks for one: then a missing repository fails prepare, rather than quietly giving a plain directory),
    /// else a plain directory. The strategy names the branch, where the worktree goes, what it starts from and the
    /// commands run when it is created and archived.
    /// </summary>
    ExecutionWorkspace Isolated(Issue issue, Agent agent, Project? project, Guid id, string environmentId, IssueWorkspaceMode mode)
    {
        DateTimeOffset now = time.GetUtcNow();
        WorkspaceStrategySettings? strategy = project?.ExecutionWorkspacePolicy is { Enabled: true, WorkspaceStrategy: { } s } ? s : null;
        string? repo = project?.WorkspaceCwd;
        bool worktree = strategy is not null || (repo is not null && provisioner.IsRepository(repo));
        string cwd = this.DirectoryFor(issue.CompanyId, "issues", id);
        if (worktree && repo is not null && strategy?.WorktreeParentDir is { } parent)
        {
            // The issue's own workspace is named by its identifier; a fresh one of a conflict also by its id.
            string name = issue.Identifier.ToLowerInvariant() + (id == issue.Id ? string.Empty : "-" + id.ToString("N")[..8]);
            cwd = Path.Combine(Path.IsPathFullyQualified(parent) ? parent : Path.Combine(repo, parent), name);
        }

        string? branch = !worktree ? null
            : strategy?.BranchTemplate is { } template
                ? BranchTemplate.Render(template, new BranchValues(issue.Identifier, issue.Id, issue.Title, agent.Id, agent.Name, project!.Id, project.Name))
                : BranchFor(issue);
        return new ExecutionWorkspace(id, issue.CompanyId, issue.ProjectId, issue.Id, mode, worktree ? WorkspaceStrategy.GitWorktree : WorkspaceStrategy.Directory,
            issue.Identifier, ExecutionWorkspaceStatus.Active, cwd, environmentId, now, now)
        {
            RepoPath = worktree ? repo : null,
            BranchName = branch,
            BaseRef = worktree ? strategy?.BaseRef : null,
            Config = new WorkspaceConfig(EnvironmentSetting.Of(environmentId)) { ProvisionCommand = strategy?.ProvisionCommand, TeardownCommand = strategy?.TeardownCommand },
        };
    }

    /// <summary>Creates the record, or refreshes an existing one (its environment and lastUsedAt; it keeps its place on disk).</summary>
    async Task<ExecutionWorkspace> SaveAsync(ExecutionWorkspace planned, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        for (int attempt = 0; ; attempt++)
        {
            if (await workspaces.GetAsync(planned.CompanyId, planned.Id, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                // After a lost race, the winner may already have written what this wake needs (many wakes on one shared
                // workspace at once): then only the last-used time would differ, and that touch is not worth a retry.
                if (attempt > 0 && existing.Value.Status != ExecutionWorkspaceStatus.Archived
                    && existing.Value.EnvironmentId == planned.EnvironmentId && existing.Value.Config == planned.Config)
                {
                    return existing.Value;
                }

                ExecutionWorkspace refreshed = existing.Value with
                {
                    EnvironmentId = planned.EnvironmentId,
                    Config = planned.Config,
                    LastUsedAt = now,
                    Status = existing.Value.Status == ExecutionWorkspaceStatus.Archived ? ExecutionWorkspaceStatus.Active : existing.Value.Status,
                    ClosedAt = existing.Value.Status == ExecutionWorkspaceStatus.Archived ? null : existing.Value.ClosedAt,
                };
                try
                {
                    await workspaces.UpdateAsync(refreshed, existing.ETag, cancellationToken).ConfigureAwait(false);
                    return refreshed;
                }
                catch (PaperclipException ex) when (ex.Code == ErrorCodes.ConcurrencyConflict && attempt < 5)
                {
                    continue;
                }
            }

            try
            {
                await workspaces.CreateAsync(planned, cancellationToken).ConfigureAwait(false);
                return planned;
            }
            catch (PaperclipException ex) when (ex.Code == ErrorCodes.AlreadyExists && attempt < 5)
            {
                // Created concurrently (two wakes on one shared workspace): refresh that one instead.
            }
        }
    }
}
