using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paperclip.Core;
using Paperclip.Core.Errors;
using Paperclip.Core.Policies.Bridge;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Secrets;

namespace Paperclip.Bridge;

/// <summary>
/// The host side of the callback bridge: one loopback HTTP listener per process (started on the first registration),
/// where a run's forwarded connections arrive. Each request is checked in upstream's order — token (401), route
/// allowlist (403), JSON body (415), size (413, not upstream's 502) — then sent to the API with the run's own key and
/// run id, and the answer streamed back with the headers an agent needs (content type, ETag, Last-Modified,
/// Retry-After, Location). Tokens are kept only as SHA-256 digests, so looking one up compares no secret. A run's bridge
/// lives under its workspace entity's lease: only the run holding it may register (so two runs never drive one
/// workspace's bridge at once), and its token is void once the registration is disposed (execute ended) or the run no
/// longer holds the lease — released at finalize, or swept by the heartbeat — checked every
/// <see cref="BridgeOptions.LeaseCheckInterval"/>.
/// </summary>
public sealed class CallbackBridgeServer(IOptions<BridgeOptions> options, IOptions<PaperclipOptions> paperclip, IDurableEngine engine, ILogger<CallbackBridgeServer> logger, TimeProvider time)
    : ICallbackBridge, IAsyncDisposable, IDisposable
{
    static readonly string[] ForwardedRequestHeaders = ["Accept", "If-Match", "If-None-Match"];
    static readonly string[] ReturnedResponseHeaders = ["ETag", "Last-Modified", "Retry-After", "Location"];
    static readonly Refusal TokenInvalid = new(401, "bridge_token_invalid", "Invalid bridge token.");
    const string ProblemType = "application/problem+json";

    readonly ConcurrentDictionary<string, Registration> registrations = new(StringComparer.Ordinal);
    readonly SemaphoreSlim starting = new(1, 1);
    readonly HttpClient api = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
    WebApplication? app;
    int port;

    /// <inheritdoc/>
    public async Task<BridgeRegistration> RegisterAsync(BridgeGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (paperclip.Value.AgentApiUrl is null)
        {
            throw new PaperclipException(503, ErrorCodes.BridgeUnavailable, "Callback bridge unavailable", "The callback bridge needs Paperclip:PublicUrl (where the API answers) to call the API.");
        }

        if (!await this.HoldsLeaseAsync(grant, cancellationToken).ConfigureAwait(false))
        {
            throw new PaperclipException(409, ErrorCodes.BridgeLeaseNotHeld, "Workspace lease not held",
                $"Run {grant.RunId} does not hold the lease of workspace {grant.WorkspaceId}, so it may not use that workspace's bridge.");
        }

        int listening = await this.EnsureListeningAsync(cancellationToken).ConfigureAwait(false);
        string token = "pcbt_" + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        string digest = Digest(token);
        this.registrations[digest] = new Registration(grant, time.GetUtcNow() + options.Value.LeaseCheckInterval);
        return new BridgeRegistration(new SecretValue(token), listening, (call, ct) => this.ForwardAsync(digest, call, ct), () =>
        {
            if (this.registrations.TryRemove(digest, out _))
            {
                Log.Voided(logger, grant.RunId, "execute ended");
            }

            return ValueTask.CompletedTask;
        });
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (this.app is { } running)
        {
            await running.DisposeAsync().ConfigureAwait(false);
        }

        this.api.Dispose();
        this.starting.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // A container disposed synchronously (the Functions worker's scopes, tests) stops the listener the same way.
        ((IDisposable?)this.app)?.Dispose();
        this.app = null;
        this.api.Dispose();
        this.starting.Dispose();
    }

    async Task<int> EnsureListeningAsync(CancellationToken cancellationToken)
    {
        if (this.app is not null)
        {
            return this.port;
        }

        await this.starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (this.app is not null)
            {
                return this.port;
            }

            // Its own small app, configured from nothing: the host's URLs and settings must not leak into it.
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.Configuration.Sources.Clear();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, 0);
                kestrel.Limits.MaxRequestBodySize = options.Value.MaxBodyBytes;

                // A tunnelled connection holds a thread of the SSH library for as long as it is open: an agent's idle
                // keep-alive connections are closed soon, so they cannot pile up.
                kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(5);
                kestrel.AddServerHeader = false;
            });
            WebApplication built = builder.Build();
            built.Run(this.HandleAsync);
            await built.StartAsync(cancellationToken).ConfigureAwait(false);
            string address = built.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            this.port = new Uri(address).Port;
            this.app = built;
            Log.Listening(logger, this.port);
            return this.port;
        }
        finally
        {
            this.starting.Release();
        }
    }

    /// <summary>A tunnelled connection's request: checked, sent to the API, and its answer streamed back.</summary>
    async Task HandleAsync(HttpContext http)
    {
        HttpRequest request = http.Request;
        string method = request.Method;
        string path = request.Path.Value ?? "/";
        CancellationToken cancellationToken = http.RequestAborted;
        string? header = request.Headers.Authorization;
        Registration? registration = header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? await this.ValidateAsync(Digest(header["Bearer ".Length..].Trim()), cancellationToken).ConfigureAwait(false)
            : null;
        Refusal? refusal = registration is null ? TokenInvalid : Screen(method, path, request.ContentType);
        if (refusal is { } refused)
        {
            await WriteProblemAsync(http, this.Refuse(registration, method, path, refused)).ConfigureAwait(false);
            return;
        }

        byte[]? body = null;
        if (HasBody(method))
        {
            try
            {
                using MemoryStream buffer = new();
                await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                body = buffer.ToArray();
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await WriteProblemAsync(http, this.Refuse(registration, method, path, this.TooLarge)).ConfigureAwait(false);
                return;
            }
        }

        List<KeyValuePair<string, string>> headers = [];
        foreach (string name in ForwardedRequestHeaders)
        {
            if (request.Headers.TryGetValue(name, out Microsoft.Extensions.Primitives.StringValues values) && values.Count > 0)
            {
                headers.Add(new(name, values.ToString()));
            }
        }

        long started = Stopwatch.GetTimestamp();
        Guid runId = registration!.Grant.RunId;
        using HttpRequestMessage call = this.Upstream(registration, method, path + request.QueryString.Value, headers, body, request.ContentType);
        using CancellationTokenSource bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(options.Value.UpstreamTimeout);
        try
        {
            using HttpResponseMessage answer = await this.api.SendAsync(call, HttpCompletionOption.ResponseHeadersRead, bounded.Token).ConfigureAwait(false);
            http.Response.StatusCode = (int)answer.StatusCode;
            foreach ((string name, string value) in ReturnedHeaders(answer))
            {
                http.Response.Headers[name] = value;
            }

            await answer.Content.CopyToAsync(http.Response.Body, bounded.Token).ConfigureAwait(false);
            long elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Log.Served(logger, runId, method, path, (int)answer.StatusCode, elapsed);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (!http.Response.HasStarted)
            {
                await WriteProblemAsync(http, this.UpstreamFailed(runId, method, path, ex)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A queued request (<see cref="BridgeRegistration.ForwardAsync"/>): the same checks and call, answered whole.</summary>
    async Task<BridgeAnswer> ForwardAsync(string digest, BridgeCall request, CancellationToken cancellationToken)
    {
        (string method, string path) = (request.Method, request.Path);
        string? contentType = request.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        Registration? registration = await this.ValidateAsync(digest, cancellationToken).ConfigureAwait(false);
        Refusal? refusal = registration is null ? TokenInvalid
            : Screen(method, path, contentType)
            ?? (request.Body is { } bytes && bytes.Length > options.Value.MaxBodyBytes ? this.TooLarge : null);
        if (refusal is { } refused)
        {
            return Answer(this.Refuse(registration, method, path, refused));
        }

        long started = Stopwatch.GetTimestamp();
        Guid runId = registration!.Grant.RunId;
        // Only the headers a tunnelled request passes on: a queued request's others (its Authorization above all) are dropped.
        IEnumerable<KeyValuePair<string, string>> headers = request.Headers.Where(h => ForwardedRequestHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase));
        using HttpRequestMessage call = this.Upstream(registration, method, path + request.Query, headers, HasBody(method) ? request.Body ?? [] : null, contentType);
        using CancellationTokenSource bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(options.Value.UpstreamTimeout);
        try
        {
            using HttpResponseMessage answer = await this.api.SendAsync(call, bounded.Token).ConfigureAwait(false);
            byte[] body = await answer.Content.ReadAsByteArrayAsync(bounded.Token).ConfigureAwait(false);
            Dictionary<string, string> returned = ReturnedHeaders(answer).ToDictionary(h => h.Name.ToLowerInvariant(), h => h.Value, StringComparer.Ordinal);
            long elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Log.Served(logger, runId, method, path, (int)answer.StatusCode, elapsed);
            return new BridgeAnswer((int)answer.StatusCode, returned, body);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Answer(this.UpstreamFailed(runId, method, path, ex));
        }
    }

    /// <summary>The registration a token's digest names, while its run still holds its workspace's lease; else null.</summary>
    async Task<Registration?> ValidateAsync(string digest, CancellationToken cancellationToken)
    {
        if (!this.registrations.TryGetValue(digest, out Registration? registration))
        {
            return null;
        }

        DateTimeOffset now = time.GetUtcNow();
        if (now < registration.CheckedUntil)
        {
            return registration;
        }

        // The token lives with the run's lease on its workspace: a run that finalized, or that the heartbeat's sweep gave
        // up on, no longer holds it, and its token stops working even if its execute never cleaned up.
        BridgeGrant grant = registration.Grant;
        if (await this.HoldsLeaseAsync(grant, cancellationToken).ConfigureAwait(false))
        {
            registration.CheckedUntil = now + options.Value.LeaseCheckInterval;
            return registration;
        }

        this.registrations.TryRemove(digest, out _);
        Log.Voided(logger, grant.RunId, "the run no longer holds its workspace's lease");
        return null;
    }

    /// <summary>The checks after the token, in upstream's order: the route allowlist (403), then a JSON body (415).</summary>
    static Refusal? Screen(string method, string path, string? contentType) =>
        !BridgeRoutes.Allows(method, path) ? new Refusal(403, "bridge_route_not_allowed", $"Route not allowed: {method.ToUpperInvariant()} {path}")
        : HasBody(method) && contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true ? new Refusal(415, "bridge_json_only", "Bridge only accepts JSON request bodies.")
        : null;

    static bool HasBody(string method) => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);

    /// <summary>The API call for an agent's request: the run's own key and run id, the passed-on headers, the body.</summary>
    HttpRequestMessage Upstream(Registration registration, string method, string pathAndQuery, IEnumerable<KeyValuePair<string, string>> headers, byte[]? body, string? contentType)
    {
        HttpRequestMessage call = new(new HttpMethod(method), paperclip.Value.AgentApiUrl + pathAndQuery);
        call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registration.Grant.ApiKey.Reveal());
        call.Headers.TryAddWithoutValidation("X-Paperclip-Run-Id", registration.Grant.RunId.ToString("D"));
        foreach ((string name, string value) in headers)
        {
            call.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            call.Content = new ByteArrayContent(body);
            call.Content.Headers.TryAddWithoutValidation("Content-Type", contentType ?? "application/json");
        }

        return call;
    }

    /// <summary>The API's answer headers an agent needs: its content type, and the caching and redirect ones.</summary>
    static IEnumerable<(string Name, string Value)> ReturnedHeaders(HttpResponseMessage answer)
    {
        if (answer.Content.Headers.ContentType is { } type)
        {
            yield return ("Content-Type", type.ToString());
        }

        foreach (string name in ReturnedResponseHeaders)
        {
            if (answer.Headers.TryGetValues(name, out IEnumerable<string>? values) || answer.Content.Headers.TryGetValues(name, out values))
            {
                yield return (name, string.Join(", ", values));
            }
        }
    }

    Refusal TooLarge => new(413, "bridge_body_too_large", $"Bridge request bodies are limited to {options.Value.MaxBodyBytes} bytes.");

    Refusal UpstreamFailed(Guid runId, string method, string path, Exception ex)
    {
        string why = ex is OperationCanceledException ? $"the API did not answer within {options.Value.UpstreamTimeout.TotalSeconds:0} s" : ex.Message;
        Log.UpstreamFailed(logger, runId, method, path, why);
        return new Refusal(502, "bridge_upstream_failed", $"The bridge could not reach the control plane's API: {why}.");
    }

    Refusal Refuse(Registration? registration, string method, string path, Refusal refusal)
    {
        Log.Refused(logger, registration?.Grant.RunId, method, path, refusal.Code);
        return refusal;
    }

    async Task<bool> HoldsLeaseAsync(BridgeGrant grant, CancellationToken cancellationToken) =>
        (await engine.GetWorkspaceAsync(grant.CompanyId, grant.WorkspaceId, cancellationToken).ConfigureAwait(false))?.ActiveRunId == RunRequest.InstanceIdOf(grant.RunId);

    static Task WriteProblemAsync(HttpContext http, Refusal refusal)
    {
        http.Response.StatusCode = refusal.Status;
        http.Response.ContentType = ProblemType;
        return http.Response.Body.WriteAsync(ProblemJson(refusal)).AsTask();
    }

    static BridgeAnswer Answer(Refusal refusal) =>
        new(refusal.Status, new Dictionary<string, string>(StringComparer.Ordinal) { ["content-type"] = ProblemType }, ProblemJson(refusal));

    /// <summary>problem+json with a stable code, and upstream's <c>error</c> field for clients written against it.</summary>
    static byte[] ProblemJson(Refusal refusal) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["type"] = "about:blank",
        ["title"] = ReasonPhrase(refusal.Status),
        ["status"] = refusal.Status,
        ["detail"] = refusal.Detail,
        ["code"] = refusal.Code,
        ["error"] = refusal.Detail,
    });

    static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    static string Digest(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A request the bridge will not serve: its status, stable code and what to tell the agent.</summary>
    readonly record struct Refusal(int Status, string Code, string Detail);

    sealed class Registration(BridgeGrant grant, DateTimeOffset checkedUntil)
    {
        public BridgeGrant Grant { get; } = grant;

        public DateTimeOffset CheckedUntil { get; set; } = checkedUntil;
    }
}
