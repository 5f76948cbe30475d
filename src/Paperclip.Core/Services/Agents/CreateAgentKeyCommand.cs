using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Agents;

/// <summary><c>POST …/agents/{id}/keys</c>: an optional label for the key.</summary>
public sealed record CreateAgentKeyCommand(string? Name)
{
    /// <summary>Parses and validates the body (an empty body is allowed).</summary>
    public static CreateAgentKeyCommand Parse(RequestBody? body)
    {
        if (body is null)
        {
            return new CreateAgentKeyCommand(Name: null);
        }

        string? name = body.Text("name", required: false, maxLength: 200);
        body.ThrowIfInvalid();
        return new CreateAgentKeyCommand(name);
    }
}
