using Paperclip.Core.Policies.Workspaces;
using Paperclip.Core.Services.Workspaces;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Issues;

/// <summary>
/// An issue body's workspace fields (upstream's <c>executionWorkspaceId</c>, <c>executionWorkspacePreference</c>,
/// <c>executionWorkspaceSettings</c>); each is applied only when present in the body.
/// </summary>
public sealed record IssueWorkspaceFields(
    bool SetWorkspaceId,
    Guid? ExecutionWorkspaceId,
    bool SetPreference,
    string? ExecutionWorkspacePreference,
    bool SetSettings,
    IssueWorkspaceSettings? ExecutionWorkspaceSettings)
{
    /// <summary>Reads the fields; null when none is present.</summary>
    public static IssueWorkspaceFields? Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        bool setId = body.Has("executionWorkspaceId");
        Guid? id = body.Id("executionWorkspaceId", required: false);
        bool setPreference = body.Has("executionWorkspacePreference");
        string? preference = WorkspaceSettingsParser.Preference(body, "executionWorkspacePreference");
        bool setSettings = body.Has("executionWorkspaceSettings");
        IssueWorkspaceSettings? settings = WorkspaceSettingsParser.IssueSettings(body, "executionWorkspaceSettings");
        return setId || setPreference || setSettings ? new IssueWorkspaceFields(setId, id, setPreference, preference, setSettings, settings) : null;
    }
}
