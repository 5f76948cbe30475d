using Paperclip.Core.Secrets;

namespace Paperclip.Core.Ports;

/// <summary>
/// The host side of the callback bridge: where an agent on a remote box reaches the API through its run's SSH
/// connection. A run registers its credentials; the bridge answers only requests bearing the registration's token,
/// on the allowlisted routes, and calls the API with the run's own key. Nothing of the registration is stored.
/// </summary>
public interface ICallbackBridge
{
    /// <summary>Registers a run; its token works until the registration is disposed, or the run ends.</summary>
    Task<BridgeRegistration> RegisterAsync(BridgeGrant grant, CancellationToken cancellationToken);
}

/// <summary>What a run's bridge acts with: the run, its workspace, and the run-scoped key the API is called with.</summary>
public sealed record BridgeGrant(Guid CompanyId, Guid RunId, Guid WorkspaceId, SecretValue ApiKey);

/// <summary>
/// A run's registration at the bridge: the token the agent presents, the loopback port tunnelled connections go to, and
/// the way a queue hands over a request it already holds (the same checks, without a loopback hop).
/// </summary>
public sealed class BridgeRegistration(SecretValue token, int localPort, Func<BridgeCall, CancellationToken, Task<BridgeAnswer>> forward, Func<ValueTask> release) : IAsyncDisposable
{
    /// <summary>The bridge token (<c>PAPERCLIP_API_KEY</c> on the box): valid for this run only.</summary>
    public SecretValue Token { get; } = token;

    /// <summary>The port on this machine's loopback where the bridge listens.</summary>
    public int LocalPort { get; } = localPort;

    /// <summary>
    /// Serves one request the agent made (checked as a tunnelled one is: the token still valid, the route allowed, a
    /// JSON body within the limit) and gives the API's answer, or the bridge's refusal as problem+json.
    /// </summary>
    public Task<BridgeAnswer> ForwardAsync(BridgeCall call, CancellationToken cancellationToken) => forward(call, cancellationToken);

    /// <summary>Voids the token.</summary>
    public ValueTask DisposeAsync() => release();
}

/// <summary>
/// One request an agent made through the bridge: method, path, query (with its <c>?</c>, or empty), the headers the
/// bridge passes on (<c>Accept</c>, <c>Content-Type</c>, <c>If-Match</c>, <c>If-None-Match</c>), and the body.
/// </summary>
public sealed record BridgeCall(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[]? Body);

/// <summary>The answer to a <see cref="BridgeCall"/>: status, the headers an agent needs (lower-case names), body.</summary>
public sealed record BridgeAnswer(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>A target that can give a run's agent a way back to the API (an SSH box: the callback bridge).</summary>
public interface ICallbackTarget
{
    /// <summary>
    /// Opens the run's way back: the URL and token the agent is given and the bridge mode. Throws
    /// <see cref="Errors.PaperclipException"/> when no way can be opened.
    /// </summary>
    Task<CallbackRoute> OpenCallbackAsync(BridgeGrant grant, CancellationToken cancellationToken);
}

/// <summary>An open way back for one run; disposing it closes it and voids its token.</summary>
public sealed class CallbackRoute(string apiUrl, SecretValue token, string mode, Func<ValueTask> close) : IAsyncDisposable
{
    /// <summary>The tunnel mode: SSH remote port forwarding on the run's own connection.</summary>
    public const string Tunnel = "tunnel_v1";

    /// <summary>The queue mode: upstream's file queue on the box.</summary>
    public const string Queue = "queue_v1";

    /// <summary><c>PAPERCLIP_API_URL</c> on the box: the bridge's loopback URL there.</summary>
    public string ApiUrl { get; } = apiUrl;

    /// <summary><c>PAPERCLIP_API_KEY</c> on the box: the bridge token.</summary>
    public SecretValue Token { get; } = token;

    /// <summary><c>PAPERCLIP_API_BRIDGE_MODE</c>: <see cref="Tunnel"/> or <see cref="Queue"/>.</summary>
    public string Mode { get; } = mode;

    /// <summary>Closes the way back.</summary>
    public ValueTask DisposeAsync() => close();
}
