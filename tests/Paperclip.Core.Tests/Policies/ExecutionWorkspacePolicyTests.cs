using Paperclip.Core.Policies.Workspaces;

namespace Paperclip.Core.Tests.Policies;

public sealed class ExecutionWorkspacePolicyTests
{
    const string Local = "env-local";
    const string A = "env-a";
    const string B = "env-b";
    const string C = "env-c";

    static readonly EnvironmentSetting Absent = EnvironmentSetting.Absent;

    static IssueWorkspaceSettings Issue(EnvironmentSetting env) => new(null, env);

    static ProjectWorkspacePolicy Project(EnvironmentSetting env, bool enabled = false) => new(enabled, null, env);

    static WorkspaceConfig Workspace(EnvironmentSetting env) => new(env);

    /// <summary>One row per branch of upstream's algorithm (§2.2): inputs, then the expected environment, source and conflict.</summary>
    public static TheoryData<string, ProjectWorkspacePolicy?, IssueWorkspaceSettings?, WorkspaceConfig?, string?, string, EnvironmentSource, EnvironmentConflict?> Cases => new()
    {
        // Step 2, nothing reused.
        { "2a issue id wins", Project(EnvironmentSetting.Of(C)), Issue(EnvironmentSetting.Of(A)), null, B, A, EnvironmentSource.Issue, null },
        { "2a issue null means the default", null, Issue(EnvironmentSetting.Of(null)), null, B, Local, EnvironmentSource.Issue, null },
        { "2a issue id wins for a local-only agent", null, Issue(EnvironmentSetting.Of(A)), null, null, A, EnvironmentSource.Issue, null },
        { "2b local-only agent skips the project", Project(EnvironmentSetting.Of(A), enabled: true), Issue(Absent), null, null, Local, EnvironmentSource.Default, null },
        { "2c project id used even when its policy is disabled", Project(EnvironmentSetting.Of(A)), null, null, B, A, EnvironmentSource.Project, null },
        { "2c project null means the default", Project(EnvironmentSetting.Of(null), enabled: true), null, null, B, Local, EnvironmentSource.Project, null },
        { "2d project without the key falls to the agent", Project(Absent, enabled: true), Issue(Absent), null, B, B, EnvironmentSource.Agent, null },
        { "2d no project, no issue: the agent", null, null, null, B, B, EnvironmentSource.Agent, null },

        // Step 1: stripping an environment the issue inherited with the workspace.
        { "1 stripped for a local-only agent, then conflicts with the workspace", null, Issue(EnvironmentSetting.Of(A)), Workspace(EnvironmentSetting.Of(A)), null, Local, EnvironmentSource.Default, new EnvironmentConflict(A, Local, EnvironmentSource.Default) },
        { "1 not stripped when the issue names another id", null, Issue(EnvironmentSetting.Of(B)), Workspace(EnvironmentSetting.Of(A)), null, B, EnvironmentSource.Issue, new EnvironmentConflict(A, B, EnvironmentSource.Issue) },
        { "1 not stripped when the agent has a default", null, Issue(EnvironmentSetting.Of(A)), Workspace(EnvironmentSetting.Of(A)), C, A, EnvironmentSource.Workspace, null },
        { "1 not stripped when the workspace id is null", null, Issue(EnvironmentSetting.Of(Local)), Workspace(EnvironmentSetting.Of(null)), null, Local, EnvironmentSource.Workspace, null },
        { "1 not stripped when the issue has no id", null, Issue(Absent), Workspace(EnvironmentSetting.Of(A)), null, Local, EnvironmentSource.Default, new EnvironmentConflict(A, Local, EnvironmentSource.Default) },

        // Step 3: a reused workspace that names its environment.
        { "3 workspace null means the default, which conflicts with the agent's", null, null, Workspace(EnvironmentSetting.Of(null)), B, B, EnvironmentSource.Agent, new EnvironmentConflict(Local, B, EnvironmentSource.Agent) },
        { "3 agreement reports the workspace as the source", null, null, Workspace(EnvironmentSetting.Of(B)), B, B, EnvironmentSource.Workspace, null },
        { "3 project-intended conflict", Project(EnvironmentSetting.Of(C)), null, Workspace(EnvironmentSetting.Of(A)), B, C, EnvironmentSource.Project, new EnvironmentConflict(A, C, EnvironmentSource.Project) },

        // Step 4: the reused workspace does not say, or nothing is reused.
        { "4 workspace config without the key", null, null, Workspace(Absent), B, B, EnvironmentSource.Agent, null },
        { "4 nothing reused, local-only agent", null, null, null, null, Local, EnvironmentSource.Default, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ResolveEnvironment_FollowsEveryBranch(
        string scenario,
        ProjectWorkspacePolicy? project,
        IssueWorkspaceSettings? issue,
        WorkspaceConfig? workspace,
        string? agentDefault,
        string expectedEnvironment,
        EnvironmentSource expectedSource,
        EnvironmentConflict? expectedConflict)
    {
        EnvironmentResolution result = ExecutionWorkspacePolicy.ResolveEnvironment(project, issue, workspace, agentDefault, Local);
        Assert.True(expectedEnvironment == result.EnvironmentId, $"{scenario}: environment {result.EnvironmentId}");
        Assert.True(expectedSource == result.Source, $"{scenario}: source {result.Source}");
        Assert.Equal(expectedConflict, result.Conflict);
        if (result.Conflict is { } conflict)
        {
            Assert.Equal("reused_workspace_environment_mismatch", conflict.Reason);
            Assert.NotEqual(EnvironmentSource.Workspace, conflict.AssigneeIntendedSource);
            Assert.Equal(result.EnvironmentId, conflict.AssigneeIntendedEnvironmentId);
        }
    }

    [Fact]
    public void ResolveEnvironment_SerializesWithUpstreamsNames()
    {
        EnvironmentResolution result = ExecutionWorkspacePolicy.ResolveEnvironment(null, null, Workspace(EnvironmentSetting.Of(A)), B, Local);
        string json = System.Text.Json.JsonSerializer.Serialize(result, PaperclipJson.Options);
        Assert.Equal(
            """{"environmentId":"env-b","source":"agent","conflict":{"workspaceEnvironmentId":"env-a","assigneeIntendedEnvironmentId":"env-b","assigneeIntendedSource":"agent","reason":"reused_workspace_environment_mismatch"}}""",
            json);
    }

    public static TheoryData<string, ProjectWorkspacePolicy?, IssueWorkspaceMode?, bool?, IssueWorkspaceMode> ModeCases => new()
    {
        { "issue mode wins", new(true, ProjectWorkspaceMode.IsolatedWorkspace, Absent), IssueWorkspaceMode.OperatorBranch, null, IssueWorkspaceMode.OperatorBranch },
        { "inherit defers to the project", new(true, ProjectWorkspaceMode.IsolatedWorkspace, Absent), IssueWorkspaceMode.Inherit, null, IssueWorkspaceMode.IsolatedWorkspace },
        { "reuse_existing defers to the project", new(true, ProjectWorkspaceMode.AdapterDefault, Absent), IssueWorkspaceMode.ReuseExisting, null, IssueWorkspaceMode.AgentDefault },
        { "enabled project without a default mode", new(true, null, Absent), null, false, IssueWorkspaceMode.SharedWorkspace },
        { "disabled project is ignored; legacy switch off", new(false, ProjectWorkspaceMode.IsolatedWorkspace, Absent), null, false, IssueWorkspaceMode.AgentDefault },
        { "nothing set", null, null, null, IssueWorkspaceMode.SharedWorkspace },
        { "legacy switch on", null, IssueWorkspaceMode.Inherit, true, IssueWorkspaceMode.SharedWorkspace },
    };

    [Theory]
    [MemberData(nameof(ModeCases))]
    public void ResolveMode_TakesIssueThenProjectThenLegacy(string scenario, ProjectWorkspacePolicy? project, IssueWorkspaceMode? issueMode, bool? legacy, IssueWorkspaceMode expected)
    {
        _ = scenario;
        Assert.Equal(expected, ExecutionWorkspacePolicy.ResolveMode(project, issueMode is null ? null : new IssueWorkspaceSettings(issueMode, Absent), legacy));
    }

    [Theory]
    [InlineData("project_primary", IssueWorkspaceMode.SharedWorkspace)]
    [InlineData("isolated", IssueWorkspaceMode.IsolatedWorkspace)]
    [InlineData("reuse_existing", IssueWorkspaceMode.ReuseExisting)]
    [InlineData("agent_default", IssueWorkspaceMode.AgentDefault)]
    [InlineData("bogus", null)]
    [InlineData(null, null)]
    public void ParseIssueMode_AcceptsAliases(string? raw, IssueWorkspaceMode? expected) =>
        Assert.Equal(expected, ExecutionWorkspacePolicy.ParseIssueMode(raw));

    [Theory]
    [InlineData(null, IssueWorkspaceMode.AgentDefault)]
    [InlineData("isolated_workspace", IssueWorkspaceMode.IsolatedWorkspace)]
    [InlineData("operator_branch", IssueWorkspaceMode.OperatorBranch)]
    [InlineData("shared_workspace", IssueWorkspaceMode.SharedWorkspace)]
    [InlineData("adapter_managed", IssueWorkspaceMode.AgentDefault)]
    [InlineData("cloud_sandbox", IssueWorkspaceMode.AgentDefault)]
    [InlineData("anything_else", IssueWorkspaceMode.SharedWorkspace)]
    public void ModeForPersistedWorkspace_MapsAsUpstream(string? mode, IssueWorkspaceMode expected) =>
        Assert.Equal(expected, ExecutionWorkspacePolicy.ModeForPersistedWorkspace(mode));

    [Fact]
    public void DefaultIssueSettingsForProject_OnlyWhenEnabled()
    {
        Assert.Null(ExecutionWorkspacePolicy.DefaultIssueSettingsForProject(null));
        Assert.Null(ExecutionWorkspacePolicy.DefaultIssueSettingsForProject(new(false, ProjectWorkspaceMode.IsolatedWorkspace, Absent)));
        Assert.Equal(IssueWorkspaceMode.AgentDefault, ExecutionWorkspacePolicy.DefaultIssueSettingsForProject(new(true, ProjectWorkspaceMode.AdapterDefault, Absent))!.Mode);
        Assert.Equal(IssueWorkspaceMode.SharedWorkspace, ExecutionWorkspacePolicy.DefaultIssueSettingsForProject(new(true, null, Absent))!.Mode);
    }
}
