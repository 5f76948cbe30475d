namespace Paperclip.Core.Policies.Workspaces;

/// <summary>
/// Upstream's execution-workspace rules (PR #6969 era) as pure functions: which mode an issue's run uses, and which
/// environment it executes in — refusing to reuse a workspace silently when the assignee intends another environment.
/// </summary>
public static class ExecutionWorkspacePolicy
{
    /// <summary>Parses an issue mode, accepting upstream's legacy aliases; null for anything else.</summary>
    public static IssueWorkspaceMode? ParseIssueMode(string? raw) => raw switch
    {
        "project_primary" => IssueWorkspaceMode.SharedWorkspace,
        "isolated" => IssueWorkspaceMode.IsolatedWorkspace,
        null => null,
        _ => PaperclipJson.ParseEnum<IssueWorkspaceMode>(raw),
    };

    /// <summary>Parses a project default mode, accepting upstream's legacy aliases; null for anything else.</summary>
    public static ProjectWorkspaceMode? ParseProjectMode(string? raw) => raw switch
    {
        "project_primary" => ProjectWorkspaceMode.SharedWorkspace,
        "isolated" => ProjectWorkspaceMode.IsolatedWorkspace,
        null => null,
        _ => PaperclipJson.ParseEnum<ProjectWorkspaceMode>(raw),
    };

    /// <summary>
    /// The issue settings a project with an enabled policy gives new issues: its default mode, with
    /// <c>adapter_default</c> → <c>agent_default</c> and a missing mode → <c>shared_workspace</c>. Null when disabled.
    /// </summary>
    public static IssueWorkspaceSettings? DefaultIssueSettingsForProject(ProjectWorkspacePolicy? policy) =>
        policy is { Enabled: true } ? new IssueWorkspaceSettings(IssueModeForProjectDefault(policy.DefaultMode), EnvironmentSetting.Absent) : null;

    /// <summary>The issue mode that reuses a persisted workspace of the given mode (used when a child inherits a workspace).</summary>
    public static IssueWorkspaceMode ModeForPersistedWorkspace(string? mode) => mode switch
    {
        null => IssueWorkspaceMode.AgentDefault,
        "isolated_workspace" => IssueWorkspaceMode.IsolatedWorkspace,
        "operator_branch" => IssueWorkspaceMode.OperatorBranch,
        "shared_workspace" => IssueWorkspaceMode.SharedWorkspace,
        "adapter_managed" or "cloud_sandbox" => IssueWorkspaceMode.AgentDefault,
        _ => IssueWorkspaceMode.SharedWorkspace,
    };

    /// <summary>
    /// The mode a run uses: the issue's own mode unless it is <c>inherit</c> or <c>reuse_existing</c>; else the
    /// enabled project policy's default; else <c>agent_default</c> when the legacy project-workspace switch is off;
    /// else <c>shared_workspace</c>.
    /// </summary>
    public static IssueWorkspaceMode ResolveMode(ProjectWorkspacePolicy? project, IssueWorkspaceSettings? issue, bool? legacyUseProjectWorkspace)
    {
        if (issue?.Mode is { } mode and not IssueWorkspaceMode.Inherit and not IssueWorkspaceMode.ReuseExisting)
        {
            return mode;
        }

        if (project is { Enabled: true })
        {
            return IssueModeForProjectDefault(project.DefaultMode);
        }

        return legacyUseProjectWorkspace == false ? IssueWorkspaceMode.AgentDefault : IssueWorkspaceMode.SharedWorkspace;
    }

    /// <summary>
    /// Resolves the environment of a run (upstream's <c>resolveExecutionWorkspaceEnvironmentId</c>).
    /// <paramref name="workspace"/> is the config of the workspace that would be reused, or null when none is.
    /// <paramref name="agentDefaultEnvironmentId"/> null means the agent is deliberately local-only.
    /// <paramref name="defaultEnvironmentId"/> is the built-in local default.
    /// </summary>
    public static EnvironmentResolution ResolveEnvironment(
        ProjectWorkspacePolicy? project,
        IssueWorkspaceSettings? issue,
        WorkspaceConfig? workspace,
        string? agentDefaultEnvironmentId,
        string defaultEnvironmentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(defaultEnvironmentId);
        EnvironmentSetting issueEnvironment = issue?.EnvironmentId ?? EnvironmentSetting.Absent;
        EnvironmentSetting workspaceEnvironment = workspace?.EnvironmentId ?? EnvironmentSetting.Absent;

        // 1. An environment a local-only agent's issue merely inherited along with the workspace was not chosen by an
        //    operator: resolve as if the issue had none.
        if (agentDefaultEnvironmentId is null
            && workspaceEnvironment is { IsPresent: true, Value: not null }
            && issueEnvironment.IsPresent
            && issueEnvironment.Value == workspaceEnvironment.Value)
        {
            issueEnvironment = EnvironmentSetting.Absent;
        }

        // 2. What the assignee intends: issue, then the default for local-only agents (skipping the project),
        //    then the project (whether or not its policy is enabled), then the agent.
        (string intended, EnvironmentSource source) =
            issueEnvironment.IsPresent ? (issueEnvironment.Value ?? defaultEnvironmentId, EnvironmentSource.Issue)
            : agentDefaultEnvironmentId is null ? (defaultEnvironmentId, EnvironmentSource.Default)
            : project?.EnvironmentId is { IsPresent: true } p ? (p.Value ?? defaultEnvironmentId, EnvironmentSource.Project)
            : (agentDefaultEnvironmentId, EnvironmentSource.Agent);

        // 3. A reused workspace whose config names an environment (null counts as named) must agree, else conflict.
        if (workspaceEnvironment.IsPresent)
        {
            string workspaceId = workspaceEnvironment.Value ?? defaultEnvironmentId;
            return workspaceId == intended
                ? new EnvironmentResolution(workspaceId, EnvironmentSource.Workspace, null)
                : new EnvironmentResolution(intended, source, new EnvironmentConflict(workspaceId, intended, source));
        }

        // 4. Nothing reused, or the reused workspace does not say.
        return new EnvironmentResolution(intended, source, null);
    }

    static IssueWorkspaceMode IssueModeForProjectDefault(ProjectWorkspaceMode? mode) => mode switch
    {
        ProjectWorkspaceMode.IsolatedWorkspace => IssueWorkspaceMode.IsolatedWorkspace,
        ProjectWorkspaceMode.OperatorBranch => IssueWorkspaceMode.OperatorBranch,
        ProjectWorkspaceMode.AdapterDefault => IssueWorkspaceMode.AgentDefault,
        _ => IssueWorkspaceMode.SharedWorkspace,
    };
}
