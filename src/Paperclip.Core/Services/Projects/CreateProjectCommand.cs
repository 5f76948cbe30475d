using Paperclip.Core.Policies.Workspaces;
using Paperclip.Core.Services.Workspaces;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Projects;

/// <summary><c>POST …/projects</c>.</summary>
public sealed record CreateProjectCommand(string Name, string? Description)
{
    /// <summary>The project's primary directory (absolute, on the control plane's machine).</summary>
    public string? WorkspaceCwd { get; init; }

    /// <summary>The project's execution-workspace policy.</summary>
    public ProjectWorkspacePolicy? ExecutionWorkspacePolicy { get; init; }

    /// <summary>Parses and validates the body.</summary>
    public static CreateProjectCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string? name = body.Text("name", required: true, maxLength: 200);
        string? description = body.Text("description", required: false, maxLength: 10_000, minLength: 0);
        string? cwd = body.Text("workspaceCwd", required: false, maxLength: 1024);
        if (cwd is not null && (!Path.IsPathFullyQualified(cwd) || cwd.Split('/', '\\').Contains("..")))
        {
            body.Fail("workspaceCwd", "must be an absolute path without '..' segments.");
        }

        ProjectWorkspacePolicy? policy = WorkspaceSettingsParser.ProjectPolicy(body, "executionWorkspacePolicy");
        body.ThrowIfInvalid();
        return new CreateProjectCommand(name!, description) { WorkspaceCwd = cwd is null ? null : Path.TrimEndingDirectorySeparator(cwd), ExecutionWorkspacePolicy = policy };
    }
}
