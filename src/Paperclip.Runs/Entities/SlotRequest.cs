namespace Paperclip.Runs.Entities;

/// <summary>A run asks its agent for a slot, with the agent's <c>maxConcurrentRuns</c> when it was woken.</summary>
public sealed record SlotRequest(string RunId, int MaxConcurrentRuns);
