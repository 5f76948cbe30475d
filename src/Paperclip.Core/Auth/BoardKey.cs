namespace Paperclip.Core.Auth;

/// <summary>The board's key (from <c>PAPERCLIP_BOARD_KEY</c> or the self-host's generated key file).</summary>
public sealed record BoardKey(string Value)
{
    /// <summary>Keeps the key out of logs and exception messages.</summary>
    public override string ToString() => "BoardKey(***)";
}
