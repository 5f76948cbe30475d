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

    /// <summary><c>executionWorkspacePolicy</c>: <c>{enabled, defaultMode?, environmentId?}</c>.</summary>
    public static ProjectWorkspacePolicy? ProjectPolicy(RequestBody body, string field)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Nested(field, required: false) is not { } nested)
        {
            return null;
        }

        bool enabled = nested.Flag("enabled") ?? false;
        ProjectWorkspaceMode? mode = Mode(nested, "defaultMode", ExecutionWorkspacePolicy.ParseProjectMode, PaperclipJson.EnumValues<ProjectWorkspaceMode>());
        return new ProjectWorkspacePolicy(enabled, mode, Environment(nested));
    }

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
