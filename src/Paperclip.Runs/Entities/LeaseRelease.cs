namespace Paperclip.Runs.Entities;

/// <summary>
/// The heartbeat's request to release a workspace from a vanished run: honoured only if that run still holds it and its
/// lease had lapsed as of <see cref="AsOf"/> (the heartbeat's clock, which decided the run is gone).
/// </summary>
public sealed record LeaseRelease(string RunId, DateTimeOffset AsOf);
