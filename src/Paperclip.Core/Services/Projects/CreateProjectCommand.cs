using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Projects;

/// <summary><c>POST …/projects</c>.</summary>
public sealed record CreateProjectCommand(string Name, string? Description)
{
    /// <summary>Parses and validates the body.</summary>
    public static CreateProjectCommand Parse(RequestBody body)
    {
        string? name = body.Text("name", required: true, maxLength: 200);
        string? description = body.Text("description", required: false, maxLength: 10_000, minLength: 0);
        body.ThrowIfInvalid();
        return new CreateProjectCommand(name!, description);
    }
}
