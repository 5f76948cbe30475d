using Microsoft.DurableTask.Entities;

namespace Paperclip.Runs.Entities;

/// <summary>The per-agent limit on concurrent runs (<c>runtimeConfig.heartbeat.maxConcurrentRuns</c>).</summary>
public sealed class AgentSlotsEntity : TaskEntity<AgentSlotsState>
{
    /// <summary>The entity name (the durable runtime lower-cases it).</summary>
    public const string Name = "agentslotsentity";

    /// <summary>The entity id of an agent's slots: company-scoped like every key.</summary>
    public static EntityInstanceId IdFor(Guid companyId, Guid agentId) => new(Name, $"{companyId:D}_{agentId:D}");

    /// <summary>See <see cref="AgentSlotsState.Acquire"/>.</summary>
    public bool Acquire(SlotRequest request) => this.State.Acquire(request);

    /// <summary>See <see cref="AgentSlotsState.Release"/>.</summary>
    public SlotRelease Release(string runId) => this.State.Release(runId);

    /// <summary>Returns the state.</summary>
    public AgentSlotsState Get() => this.State;

    /// <inheritdoc/>
    protected override AgentSlotsState InitializeState(TaskEntityOperation entityOperation) => new();
}
