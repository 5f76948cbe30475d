namespace Paperclip.Core.Runs;

/// <summary>What an agent's run-slot serializer holds, as the application reads it (run ids are instance ids).</summary>
/// <param name="ActiveRunIds">Runs holding a slot.</param>
/// <param name="WaitingRunIds">Runs waiting for a slot, first come first served.</param>
/// <param name="Limit">The agent's limit as of the latest request.</param>
public sealed record AgentSlots(IReadOnlyList<string> ActiveRunIds, IReadOnlyList<string> WaitingRunIds, int Limit);
