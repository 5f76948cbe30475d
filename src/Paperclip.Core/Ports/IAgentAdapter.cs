using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Runs an agent's command for one run. One implementation per adapter type.</summary>
public interface IAgentAdapter
{
    /// <summary>The adapterType this adapter serves.</summary>
    string AdapterType { get; }

    /// <summary>Runs the agent in the context's working directory until it exits, times out or is cancelled.</summary>
    Task<ExecutionOutcome> ExecuteAsync(Agent agent, RunExecutionContext context, CancellationToken cancellationToken);
}
