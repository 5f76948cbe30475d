namespace Paperclip.Core.Services.Runs;

/// <summary>What one heartbeat tick did: timer wakes (checked, enqueued, skipped) and orphaned runs failed.</summary>
public sealed record HeartbeatTickResult(int Checked, int Enqueued, int Skipped, int OrphansFailed);
