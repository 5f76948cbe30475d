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
        return new BridgeRegistration(new SecretValue(token), listening, () =>
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

    async Task HandleAsync(HttpContext http)
    {
        HttpRequest request = http.Request;
        string method = request.Method;
        string path = request.Path.Value ?? "/";
        CancellationToken cancellationToken = http.RequestAborted;
        Registration? registration = await this.AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
        if (registration is null)
        {
            await this.RefuseAsync(http, null, 401, "bridge_token_invalid", "Invalid bridge token.").ConfigureAwait(false);
            return;
        }

        Guid runId = registration.Grant.RunId;
        if (!BridgeRoutes.Allows(method, path))
        {
            await this.RefuseAsync(http, runId, 403, "bridge_route_not_allowed", $"Route not allowed: {method.ToUpperInvariant()} {path}").ConfigureAwait(false);
            return;
        }

        bool hasBody = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
        if (hasBody && request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            await this.RefuseAsync(http, runId, 415, "bridge_json_only", "Bridge only accepts JSON request bodies.").ConfigureAwait(false);
            return;
        }

        byte[]? body = null;
        if (hasBody)
        {
            try
            {
                using MemoryStream buffer = new();
                await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                body = buffer.ToArray();
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await this.RefuseAsync(http, runId, 413, "bridge_body_too_large", $"Bridge request bodies are limited to {options.Value.MaxBodyBytes} bytes.").ConfigureAwait(false);
                return;
            }
        }

        long started = Stopwatch.GetTimestamp();
        using HttpRequestMessage call = new(new HttpMethod(method), paperclip.Value.AgentApiUrl + path + request.QueryString.Value);
        call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registration.Grant.ApiKey.Reveal());
        call.Headers.TryAddWithoutValidation("X-Paperclip-Run-Id", runId.ToString("D"));
        foreach (string name in ForwardedRequestHeaders)
        {
            if (request.Headers.TryGetValue(name, out Microsoft.Extensions.Primitives.StringValues values) && values.Count > 0)
            {
                call.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (body is not null)
        {
            call.Content = new ByteArrayContent(body);
            call.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }

        using CancellationTokenSource bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(options.Value.UpstreamTimeout);
        try
        {
            using HttpResponseMessage answer = await this.api.SendAsync(call, HttpCompletionOption.ResponseHeadersRead, bounded.Token).ConfigureAwait(false);
            http.Response.StatusCode = (int)answer.StatusCode;
            if (answer.Content.Headers.ContentType is { } type)
            {
                http.Response.ContentType = type.ToString();
            }

            foreach (string name in ReturnedResponseHeaders)
            {
                if (answer.Headers.TryGetValues(name, out IEnumerable<string>? values) || answer.Content.Headers.TryGetValues(name, out values))
                {
                    http.Response.Headers[name] = values.ToArray();
                }
            }

            await answer.Content.CopyToAsync(http.Response.Body, bounded.Token).ConfigureAwait(false);
            long elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Log.Served(logger, runId, method, path, (int)answer.StatusCode, elapsed);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            string why = ex is OperationCanceledException ? $"the API did not answer within {options.Value.UpstreamTimeout.TotalSeconds:0} s" : ex.Message;
            Log.UpstreamFailed(logger, runId, method, path, why);
            if (!http.Response.HasStarted)
            {
                await WriteProblemAsync(http, 502, "bridge_upstream_failed", $"The bridge could not reach the control plane's API: {why}.").ConfigureAwait(false);
            }
        }
    }

    /// <summary>The registration the request's bearer token names, while its run still executes; else null.</summary>
    async Task<Registration?> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        string? header = request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return null;
        }

        string digest = Digest(header["Bearer ".Length..].Trim());
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

    async Task<bool> HoldsLeaseAsync(BridgeGrant grant, CancellationToken cancellationToken) =>
        (await engine.GetWorkspaceAsync(grant.CompanyId, grant.WorkspaceId, cancellationToken).ConfigureAwait(false))?.ActiveRunId == RunRequest.InstanceIdOf(grant.RunId);

    async Task RefuseAsync(HttpContext http, Guid? runId, int status, string code, string detail)
    {
        string path = http.Request.Path.Value ?? "/";
        Log.Refused(logger, runId, http.Request.Method, path, code);
        await WriteProblemAsync(http, status, code, detail).ConfigureAwait(false);
    }

    /// <summary>problem+json with a stable code, and upstream's <c>error</c> field for clients written against it.</summary>
    static Task WriteProblemAsync(HttpContext http, int status, string code, string detail)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/problem+json";
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = "about:blank",
            ["title"] = ReasonPhrase(status),
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
            ["error"] = detail,
        });
        return http.Response.Body.WriteAsync(json).AsTask();
    }

    static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    static string Digest(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    sealed class Registration(BridgeGrant grant, DateTimeOffset checkedUntil)
    {
        public BridgeGrant Grant { get; } = grant;

        public DateTimeOffset CheckedUntil { get; set; } = checkedUntil;
    }
}
