using Paperclip.Core.Policies.Workspaces;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Workspaces;

/// <summary>Reads the workspace fields of issue and project bodies, as upstream parses them.</summary>
public static class WorkspaceSettingsParser
{
    /// <summary>The only execution-workspace preference upstream acts on.</summary>
    public const string ReuseExisting = "reuse_existing";

    /// <summary>
    /// <c>executionWorkspaceSettings</c>: <c>{mode?, environmentId?}</c> (legacy mode aliases accepted). An empty object is
    /// null, as upstream; <c>environmentId: null</c> is kept (it means "the default environment").
    /// </summary>
    public static IssueWorkspaceSettings? IssueSettings(RequestBody body, string field)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Nested(field, required: false) is not { } nested)
        {
            return null;
        }

        IssueWorkspaceMode? mode = Mode(nested, "mode", ExecutionWorkspacePolicy.ParseIssueMode, PaperclipJson.EnumValues<IssueWorkspaceMode>());
        EnvironmentSetting environment = Environment(nested);
        return mode is null && !environment.IsPresent ? null : new IssueWorkspaceSettings(mode, environment);
    }

    /// <summary><c>executionWorkspacePolicy</c>: <c>{enabled, defaultMode?, environmentId?, workspaceStrategy?}</c>.</summary>
    public static ProjectWorkspacePolicy? ProjectPolicy(RequestBody body, string field)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Nested(field, required: false) is not { } nested)
        {
            return null;
        }

        bool enabled = nested.Flag("enabled") ?? false;
        ProjectWorkspaceMode? mode = Mode(nested, "defaultMode", ExecutionWorkspacePolicy.ParseProjectMode, PaperclipJson.EnumValues<ProjectWorkspaceMode>());
        WorkspaceStrategySettings? strategy = Strategy(nested, "workspaceStrategy");
        nested.Refuse("workspaceRuntime", "is upstream's runtime services, which this control plane does not run (see docs/ARCHITECTURE.md).");
        return new ProjectWorkspacePolicy(enabled, mode, Environment(nested)) { WorkspaceStrategy = strategy };
    }

    /// <summary>
    /// <c>workspaceStrategy</c>: <c>{type, baseRef?, branchTemplate?, worktreeParentDir?, provisionCommand?,
    /// teardownCommand?}</c>. Upstream keeps whatever strings it finds; here each is checked before it can reach git or a
    /// shell: branch names as git checks them, a base ref that cannot read as an option, a parent directory that is
    /// absolute or stays inside the repository. Upstream's other types are named in the refusal, not silently dropped.
    /// </summary>
    public static WorkspaceStrategySettings? Strategy(RequestBody body, string field)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Nested(field, required: false) is not { } nested)
        {
            return null;
        }

        string? type = nested.Text("type", required: true, maxLength: 40);
        if (type is not null and not WorkspaceStrategySettings.GitWorktree)
        {
            nested.Fail("type", UnsupportedStrategies.Contains(type)
                ? $"'{type}' is an upstream strategy this control plane does not realise; use '{WorkspaceStrategySettings.GitWorktree}'."
                : $"must be '{WorkspaceStrategySettings.GitWorktree}'.");
        }

        string? baseRef = nested.Text("baseRef", required: false, maxLength: 200);
        if (baseRef is not null && (baseRef.StartsWith('-') || baseRef.Any(char.IsWhiteSpace)))
        {
            nested.Fail("baseRef", "must name a branch, tag or commit (no leading '-', no spaces).");
        }

        string? template = nested.Text("branchTemplate", required: false, maxLength: 200);
        if (template is not null && BranchTemplate.Problem(template) is { } problem)
        {
            nested.Fail("branchTemplate", problem);
        }

        string? parent = nested.Text("worktreeParentDir", required: false, maxLength: 1024);
        if (parent is not null && parent.Split('/', '\\').Contains(".."))
        {
            nested.Fail("worktreeParentDir", "must not contain '..' segments (absolute, or relative to the repository).");
        }

        string? provision = nested.MultilineText("provisionCommand", required: false, maxLength: 4_000);
        string? teardown = nested.MultilineText("teardownCommand", required: false, maxLength: 4_000);
        return type is null ? null : new WorkspaceStrategySettings(type)
        {
            BaseRef = baseRef,
            BranchTemplate = template,
            WorktreeParentDir = parent is null ? null : Path.TrimEndingDirectorySeparator(parent),
            ProvisionCommand = provision,
            TeardownCommand = teardown,
        };
    }

    static readonly string[] UnsupportedStrategies = ["project_primary", "adapter_managed", "cloud_sandbox"];

    /// <summary><c>executionWorkspacePreference</c>: <c>reuse_existing</c> or null.</summary>
    public static string? Preference(RequestBody body, string field)
    {
        ArgumentNullException.ThrowIfNull(body);
        string? preference = body.Text(field, required: false, maxLength: 40);
        if (preference is not null and not ReuseExisting)
        {
            body.Fail(field, $"must be '{ReuseExisting}' or null.");
            return null;
        }

        return preference;
    }

    static T? Mode<T>(RequestBody body, string field, Func<string?, T?> parse, IReadOnlyList<string> allowed)
        where T : struct, Enum
    {
        string? raw = body.Text(field, required: false, maxLength: 40);
        T? mode = parse(raw);
        if (raw is not null && mode is null)
        {
            body.Fail(field, $"must be one of {string.Join(", ", allowed)}.");
        }

        return mode;
    }

    static EnvironmentSetting Environment(RequestBody body) =>
        body.Has("environmentId") ? EnvironmentSetting.Of(body.Text("environmentId", required: false, maxLength: 100)) : EnvironmentSetting.Absent;
}
