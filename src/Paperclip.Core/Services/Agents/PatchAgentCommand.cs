using Paperclip.Core.Domain;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Agents;

/// <summary><c>PATCH …/agents/{id}</c>: name, status (pause, resume, terminate), heartbeat policy, default environment, adapter config.</summary>
public sealed record PatchAgentCommand(string? Name, AgentStatus? Status, RequestBody? RuntimeConfig, bool SetDefaultEnvironment, string? DefaultEnvironmentId)
{
    /// <summary>A new adapter config; it replaces the current one whole (as upstream), and with it the agent's secret bindings.</summary>
    public ProcessAdapterConfig? AdapterConfig { get; init; }

    /// <summary>Statuses an operator may set; the others are the control plane's to set.</summary>
    public static IReadOnlyList<AgentStatus> SettableStatuses { get; } = [AgentStatus.Active, AgentStatus.Idle, AgentStatus.Paused, AgentStatus.Terminated];

    /// <summary>Parses and validates the body. The heartbeat policy is applied over the agent's current one.</summary>
    public static (PatchAgentCommand Command, Func<HeartbeatPolicy, HeartbeatPolicy> Heartbeat) Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string? name = body.Text("name", required: false, maxLength: 200);
        AgentStatus? status = body.Enum<AgentStatus>("status", required: false);
        if (status is { } s && !SettableStatuses.Contains(s))
        {
            body.Fail("status", $"must be one of: {string.Join(", ", SettableStatuses.Select(PaperclipJson.EnumValue))}.");
        }

        RequestBody? runtimeConfig = body.Nested("runtimeConfig", required: false);
        ProcessAdapterConfig? adapterConfig = CreateAgentCommand.ParseProcessConfig(body.Nested("adapterConfig", required: false));
        bool setEnvironment = body.Has("defaultEnvironmentId");
        string? environment = body.Text("defaultEnvironmentId", required: false, maxLength: 100);

        // Validate the policy now (against defaults) so every problem is reported before anything is written.
        _ = RuntimeConfigParser.Parse(runtimeConfig, HeartbeatPolicy.Default);
        body.ThrowIfInvalid();
        return (new PatchAgentCommand(name, status, runtimeConfig, setEnvironment, environment) { AdapterConfig = adapterConfig }, current => RuntimeConfigParser.Parse(runtimeConfig, current));
    }
}
