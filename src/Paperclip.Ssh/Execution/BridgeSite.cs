namespace Paperclip.Ssh.Execution;

/// <summary>Where a run's queue bridge lives on the box (its runtime directory), and which bridge mode it may use.</summary>
public sealed record BridgeSite(string Runtime, BridgeMode Mode);

/// <summary>Which callback bridge a run on an SSH box gets (<c>Paperclip:Ssh:Bridge</c>).</summary>
public enum BridgeMode
{
    /// <summary>The tunnel, or the queue when the server forbids forwarding.</summary>
    Auto,

    /// <summary>The tunnel only: a server that forbids forwarding gives the run no bridge.</summary>
    Tunnel,

    /// <summary>The queue only (for boxes whose forwarding is unreliable, and for measuring it).</summary>
    Queue,
}
