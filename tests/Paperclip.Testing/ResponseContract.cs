using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Paperclip.Api;

using Xunit;

namespace Paperclip.Testing;

/// <summary>
/// Holds every JSON answer the suite receives to its route's schema in the OpenAPI document (success type or problem),
/// with JsonSchema.Net. Records are closed in the document, so a field the document does not declare fails the test
/// that received it — the document describes what is really sent.
/// </summary>
public static class ResponseContract
{
    static readonly (ApiRoute Route, Regex Pattern, int Parameters)[] Routes = ApiRoutes.All
        .Select(r => (r, new Regex("^" + Regex.Replace(Regex.Escape(r.Path), @"\\\{[A-Za-z]+}", "[^/]+") + "$", RegexOptions.CultureInvariant), r.Template.Count(c => c == '{')))
        .ToArray();

    static readonly ConcurrentDictionary<(string Route, int Status), JsonSchema?> Schemas = new();

    static readonly Lazy<System.Text.Json.Nodes.JsonNode> Document = new(() => System.Text.Json.Nodes.JsonNode.Parse(OpenApiDocument.Json)!);

    static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    /// <summary>The route a request went to (the most specific template that matches), or null outside the API.</summary>
    public static ApiRoute? RouteOf(HttpMethod method, string path) =>
        Routes.Where(r => r.Route.Method == method.Method && r.Pattern.IsMatch(path)).OrderBy(r => r.Parameters).Select(r => r.Route).FirstOrDefault();

    /// <summary>Fails the calling test when <paramref name="body"/> is not what the route's schema says for <paramref name="status"/>.</summary>
    public static void Check(HttpMethod method, string path, HttpStatusCode status, string? mediaType, string body)
    {
        if (mediaType is not ("application/json" or "application/problem+json") || body.Length == 0 || RouteOf(method, path) is not { } route
            || (route.Response is null && route.Produces is not null && (int)status < 400))
        {
            // Not the API, or a document of its own (the OpenAPI description itself).
            return;
        }

        JsonSchema? schema = Schemas.GetOrAdd((route.Name, (int)status), key =>
            OpenApiDocument.ResponseSchema(route, key.Status) is { } node
                ? JsonSchema.FromText(node.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() })
                : null);
        Assert.True(schema is not null, $"{method} {path}: {(int)status} is not an answer {route.Name} declares");

        using JsonDocument answer = JsonDocument.Parse(body);
        if ((int)status >= 400 && answer.RootElement.TryGetProperty("code", out JsonElement code))
        {
            // The document lists each route's problems by status: this one must be among them.
            System.Text.Json.Nodes.JsonNode? listed = Document.Value["paths"]![route.Path]![route.Method.ToLowerInvariant()]!["responses"]![((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)]?["x-problem-codes"];
            Assert.True(
                listed?.AsArray().Any(c => c!.GetValue<string>() == code.GetString()) == true,
                $"{method} {path} → {(int)status} {code.GetString()}: the OpenAPI document does not list this problem for {route.Name} (add it to the route's Problems)");
        }

        EvaluationResults results = schema!.Evaluate(answer.RootElement, Evaluation);
        if (!results.IsValid)
        {
            IEnumerable<string> problems = (results.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({e.Key}): {e.Value}"))
                .Take(10);
            Assert.Fail($"{method} {path} → {(int)status} does not match {route.Name}'s schema in the OpenAPI document:\n  {string.Join("\n  ", problems)}\nbody: {Truncate(body)}");
        }
    }

    static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000] + "…";
}
