using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>Reads the (method, route) pairs each host exposes.</summary>
public static class RouteTable
{
    /// <summary>The self-host's mapped endpoints, as "METHOD /api/…".</summary>
    public static IEnumerable<string> SelfHostRoutes(WebApplication app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"));

    /// <summary>The Functions app's HTTP triggers from its build-generated functions.metadata, as "METHOD /api/…".</summary>
    public static IEnumerable<string> FunctionsRoutes()
    {
        string path = Path.Combine(TestPaths.RepoRoot, "src", "Paperclip.Functions", "bin", TestPaths.Configuration, "net10.0", "functions.metadata");
        JsonArray functions = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        JsonNode host = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "host.json")))!;
        string prefix = host["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
        foreach (JsonNode? function in functions)
        {
            foreach (JsonNode? binding in function!["bindings"]!.AsArray())
            {
                if (binding!["type"]!.GetValue<string>() == "httpTrigger")
                {
                    foreach (JsonNode? method in binding["methods"]!.AsArray())
                    {
                        yield return $"{method!.GetValue<string>().ToUpperInvariant()} /{prefix}/{binding["route"]!.GetValue<string>()}";
                    }
                }
            }
        }
    }
}
