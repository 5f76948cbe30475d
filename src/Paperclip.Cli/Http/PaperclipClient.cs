using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Paperclip.Api;
using Paperclip.Cli.Connection;
using Paperclip.Core;
using Paperclip.Core.Errors;
using Paperclip.Core.Validation;

namespace Paperclip.Cli.Http;

/// <summary>An API refusal: the problem's status, code and detail, and when to try again if the API said.</summary>
public sealed class ApiRefusedException(int status, string code, string detail, TimeSpan? retryAfter)
    : CliException(ExitCodes.Refused, $"{code}: {detail}")
{
    /// <summary>The HTTP status.</summary>
    public int Status { get; } = status;

    /// <summary>The problem's stable code.</summary>
    public string Code { get; } = code;

    /// <summary>The problem's detail.</summary>
    public string Detail { get; } = detail;

    /// <summary>The API's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Calls the API by its route table (<see cref="ApiRoutes"/>, the server's own): the route's method and template, its
/// query parameters, its body — checked first by the server's own parser, so a bad body is a usage error before any
/// call — and its answer read as the route's response type.
/// </summary>
public sealed class PaperclipClient(Endpoint endpoint, HttpMessageHandler? handler = null) : IDisposable
{
    readonly HttpClient http = new(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: handler is null)
    {
        BaseAddress = endpoint.Url,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Where it connects.</summary>
    public Endpoint Endpoint { get; } = endpoint;

    /// <summary>Sends a route's request and returns its JSON answer (null for an empty body).</summary>
    public async Task<JsonNode?> SendAsync(ApiRoute route, IReadOnlyDictionary<string, string> path, IReadOnlyDictionary<string, string>? query, JsonObject? body, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await this.StartAsync(route, path, query, body, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>Sends a route's request and returns the response unread (for streams); a refusal throws.</summary>
    public async Task<HttpResponseMessage> StartAsync(ApiRoute route, IReadOnlyDictionary<string, string> path, IReadOnlyDictionary<string, string>? query, JsonObject? body, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        using HttpRequestMessage request = new(new HttpMethod(route.Method), Target(route, path, query));
        if (this.Endpoint.Key is { } key && !route.Anonymous)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is not null)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(body.ToJsonString());
            Check(route, utf8);
            request.Content = new ByteArrayContent(utf8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        else if (route.Body is { Required: true })
        {
            throw new CliException(ExitCodes.Usage, $"{route.Method} {route.Path} needs a body: pass --data '{{…}}' (or @file, or - for stdin).");
        }

        HttpResponseMessage response;
        try
        {
            response = await this.http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.CannotConnect, $"Cannot connect to {this.Endpoint.Url} ({ex.Message}). Is the control plane running (scripts/run.sh)?");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await RefusalAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => this.http.Dispose();

    /// <summary>Reads an answer as the route's response type (so the CLI breaks at build time when the server's changes).</summary>
    public static T As<T>(JsonNode? answer) =>
        answer.Deserialize<T>(PaperclipJson.Options) ?? throw new CliException(ExitCodes.Refused, $"The API answered no {typeof(T).Name}.");

    static string Target(ApiRoute route, IReadOnlyDictionary<string, string> path, IReadOnlyDictionary<string, string>? query)
    {
        StringBuilder target = new(route.Path.TrimStart('/'));
        foreach ((string name, string value) in path)
        {
            target.Replace("{" + name + "}", Uri.EscapeDataString(value));
        }

        if (query is { Count: > 0 })
        {
            target.Append('?').AppendJoin('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        }

        return target.ToString();
    }

    /// <summary>The server's own parser says whether the body is one it would take.</summary>
    static void Check(ApiRoute route, byte[] utf8)
    {
        if (route.Body is null)
        {
            return;
        }

        try
        {
            route.Body.Validate(RequestBody.Parse(utf8));
        }
        catch (PaperclipException ex)
        {
            string fields = ex.Errors is { Count: > 0 } errors ? " (" + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")) + ")" : string.Empty;
            throw new CliException(ExitCodes.Usage, $"{ex.Code}: {ex.Message}{fields}");
        }
    }

    static async Task<ApiRefusedException> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string code = "http_" + (int)response.StatusCode;
        string detail = response.ReasonPhrase ?? response.StatusCode.ToString();
        try
        {
            if (JsonNode.Parse(text) is JsonObject problem)
            {
                code = problem["code"]?.GetValue<string>() ?? code;
                detail = problem["detail"]?.GetValue<string>() ?? problem["title"]?.GetValue<string>() ?? detail;
                if (problem["errors"] is JsonObject fields && fields.Count > 0)
                {
                    detail += " (" + string.Join("; ", fields.Select(f => $"{f.Key}: {string.Join(", ", f.Value is JsonArray list ? list.Select(m => m?.ToString()) : [f.Value?.ToString()])}")) + ")";
                }
            }
        }
        catch (JsonException)
        {
            // Not problem+json: the status says it.
        }

        TimeSpan? retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };
        return new ApiRefusedException((int)response.StatusCode, code, detail, response.StatusCode == HttpStatusCode.TooManyRequests || retryAfter is not null ? retryAfter ?? TimeSpan.FromSeconds(1) : null);
    }
}
