using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Xunit;

namespace Paperclip.Testing;

/// <summary>A small JSON client for the API, as an operator script would use it.</summary>
public sealed class ApiClient(Uri baseAddress, string? bearer) : IDisposable
{
    readonly HttpClient http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Headers every request carries (an agent's <c>X-Paperclip-Run-Id</c>).</summary>
    public Dictionary<string, string> Headers { get; } = [];

    /// <summary>Sends a request; returns status and parsed body (null when empty).</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, object? body = null, string? bearerOverride = null, string? rawBody = null)
    {
        using HttpRequestMessage request = new(method, path.TrimStart('/'));
        string? key = bearerOverride ?? bearer;
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        foreach ((string name, string value) in this.Headers)
        {
            request.Headers.Add(name, value);
        }

        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = new StringContent(body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response = await this.http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        ResponseContract.Check(method, response.RequestMessage!.RequestUri!.AbsolutePath, response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    /// <summary>Sends and asserts the status; returns the body.</summary>
    public async Task<JsonNode> ExpectAsync(HttpStatusCode expected, HttpMethod method, string path, object? body = null)
    {
        (HttpStatusCode status, JsonNode? json, _) = await this.SendAsync(method, path, body);
        Assert.True(status == expected, $"{method} {path}: expected {(int)expected}, got {(int)status}: {json?.ToJsonString()}");
        return json!;
    }

    /// <summary>POST expecting 201.</summary>
    public Task<JsonNode> CreateAsync(string path, object body) => this.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, path, body);

    /// <summary>GET expecting 200.</summary>
    public Task<JsonNode> GetAsync(string path) => this.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, path);

    /// <summary>Polls a GET until <paramref name="done"/> holds or the timeout passes (then fails with the last body).</summary>
    public async Task<JsonNode> PollAsync(string path, Func<JsonNode, bool> done, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        JsonNode last;
        do
        {
            last = await this.GetAsync(path);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting on {path}; last: {last.ToJsonString()}");
        return last;
    }

    /// <inheritdoc/>
    public void Dispose() => this.http.Dispose();
}
