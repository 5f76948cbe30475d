namespace Paperclip.Core.Services.Runs;

/// <summary>A workspace operation row could not be written; the phase (and so the run) fails with this reason.</summary>
public sealed class LedgerWriteException(string message, Exception inner) : Exception(message, inner);
