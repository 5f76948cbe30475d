using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Paperclip.Api;

/// <summary>The OpenAPI 3.0 description, generated once from <see cref="ApiRoutes.All"/> so it cannot drift from the routes.</summary>
public static partial class OpenApiDocument
{
    /// <summary>The document as JSON text.</summary>
    public static string Json { get; } = Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    static JsonObject Build()
    {
        JsonObject paths = [];
        foreach (ApiRoute route in ApiRoutes.All)
        {
            if (paths[route.Path] is not JsonObject path)
            {
                paths[route.Path] = path = [];
            }

            JsonArray parameters = [];
            foreach (Match match in RouteParameter().Matches(route.Template))
            {
                parameters.Add(new JsonObject
                {
                    ["name"] = match.Groups[1].Value,
                    ["in"] = "path",
                    ["required"] = true,
                    ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "uuid" },
                });
            }

            JsonObject operation = new()
            {
                ["operationId"] = route.Name,
                ["summary"] = route.Summary,
                ["parameters"] = parameters,
                ["responses"] = new JsonObject
                {
                    ["default"] = new JsonObject
                    {
                        ["description"] = "JSON on success; application/problem+json with a stable code on error.",
                    },
                },
            };
            if (!route.Anonymous)
            {
                operation["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() });
            }

            path[route.Method.ToLowerInvariant()] = operation;
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = "Paperclip.Functions control plane", ["version"] = "1.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "The board key or an agent key." },
                },
            },
        };
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex RouteParameter();
}
