using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Paperclip.Testing;

/// <summary>
/// A real HTTP server on a free loopback port that answers every request with the one canned response set last
/// (status, content type, body) — what a proxy, a gateway or a misbehaving service would send. Counts requests.
/// </summary>
public sealed class HttpStub : IAsyncLifetime
{
    WebApplication? app;
    volatile Answer answer = new(200, "application/json", "{}");
    int requests;

    /// <summary>The base address (<c>http://127.0.0.1:&lt;port&gt;/</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>How many requests arrived.</summary>
    public int Requests => this.requests;

    /// <summary>Every later request gets this answer.</summary>
    public void Answer(int status, string? contentType, string body) => this.answer = new Answer(status, contentType, body);

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        int port = SelfHostInstance.FreePort();
        this.Endpoint = new Uri($"http://127.0.0.1:{port}/");
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        this.app = builder.Build();
        this.app.Run(async context =>
        {
            Interlocked.Increment(ref this.requests);
            Answer now = this.answer;
            context.Response.StatusCode = now.Status;
            if (now.ContentType is not null)
            {
                context.Response.ContentType = now.ContentType;
            }

            await context.Response.WriteAsync(now.Body);
        });
        await this.app.StartAsync();
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (this.app is not null)
        {
            await this.app.StopAsync();
            await this.app.DisposeAsync();
        }
    }
}

/// <summary>A canned response.</summary>
sealed record Answer(int Status, string? ContentType, string Body);
