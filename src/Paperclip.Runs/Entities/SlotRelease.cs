namespace Paperclip.Runs.Entities;

/// <summary>
/// What giving a slot back did: the runs granted a slot as a result (to be told), and whether the leaving run held a
/// slot at that moment (when it had been waiting, a grant — and its event — reached it meanwhile).
/// </summary>
public sealed record SlotRelease(IReadOnlyList<string> Granted, bool WasHolding);
