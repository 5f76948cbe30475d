using Paperclip.Core.Domain;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Agents;

/// <summary><c>POST …/agents</c>: a name and the adapter to run it with.</summary>
public sealed record CreateAgentCommand(string Name, string AdapterType, ProcessAdapterConfig AdapterConfig)
{
    /// <summary>The heartbeat policy from <c>runtimeConfig.heartbeat</c>.</summary>
    public HeartbeatPolicy Heartbeat { get; init; } = HeartbeatPolicy.Default;

    /// <summary>The default environment (null: local-only).</summary>
    public string? DefaultEnvironmentId { get; init; }

    /// <summary>Adapter types this build can run.</summary>
    public static IReadOnlyList<string> SupportedAdapterTypes { get; } = ["process"];

    /// <summary>Parses and validates the body.</summary>
    public static CreateAgentCommand Parse(RequestBody body)
    {
        string? name = body.Text("name", required: true, maxLength: 200);
        string? adapterType = body.Text("adapterType", required: true, maxLength: 64);
        if (adapterType is not null && !SupportedAdapterTypes.Contains(adapterType))
        {
            body.Fail("adapterType", $"must be one of: {string.Join(", ", SupportedAdapterTypes)}.");
        }

        ProcessAdapterConfig? config = ParseProcessConfig(body.Nested("adapterConfig", required: true));
        HeartbeatPolicy heartbeat = RuntimeConfigParser.Parse(body.Nested("runtimeConfig", required: false), HeartbeatPolicy.Default);
        string? environment = body.Text("defaultEnvironmentId", required: false, maxLength: 100);
        body.ThrowIfInvalid();
        return new CreateAgentCommand(name!, adapterType!, config!) { Heartbeat = heartbeat, DefaultEnvironmentId = environment };
    }

    static ProcessAdapterConfig? ParseProcessConfig(RequestBody? config)
    {
        if (config is null)
        {
            return null;
        }

        string? command = config.Text("command", required: true, maxLength: 1024);
        IReadOnlyList<string> args = config.StringArray("args", required: false, maxItems: 256, maxLength: 8192) ?? [];
        int? timeoutSec = config.Number("timeoutSec", required: false, min: 1, max: 7 * 24 * 3600);
        return command is null ? null : new ProcessAdapterConfig(command, args, timeoutSec);
    }
}
