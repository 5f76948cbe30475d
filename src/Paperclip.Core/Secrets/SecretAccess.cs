using Paperclip.Core.Auth;

namespace Paperclip.Core.Secrets;

/// <summary>Who may touch secrets: the board, in a company it can see.</summary>
public static class SecretAccess
{
    /// <summary>
    /// Secrets are the board's: an agent key is 403 on every secrets route, checked before the body is read (another
    /// company's ids stay 404).
    /// </summary>
    public static void EnsureBoard(Caller caller, Guid companyId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        caller.EnsureBoard("manage secrets");
    }

    /// <summary>The creator id upstream records: the user, or "board".</summary>
    public static string ActorOf(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.SystemName ?? "board";
    }
}
