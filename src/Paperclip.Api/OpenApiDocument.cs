using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;
using Paperclip.Core;
using Paperclip.Core.Errors;

namespace Paperclip.Api;

/// <summary>
/// The OpenAPI 3.1 description, generated from <see cref="ApiRoutes.All"/>: the query parameters each route's reader
/// accepts, the request schema its body parser reads (<see cref="BodyReader.Shape"/>), the response schema of the type
/// it answers with (in the API's own JSON options), and the problems it may answer. Nothing here is written by hand
/// per route, so the document cannot drift from the handlers. <c>docs/openapi.json</c> is a checked-in copy a test
/// compares with this one, so a contract change shows in review.
/// </summary>
public static partial class OpenApiDocument
{
    static readonly Lazy<(JsonObject Document, Dictionary<string, JsonNode> Standalone)> Built = new(Build);

    /// <summary>The document as JSON text.</summary>
    public static string Json { get; } = Built.Value.Document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    /// <summary>
    /// The schema a route's answer with <paramref name="status"/> must match, standing alone (its own references
    /// resolve inside it): the success type, or the problem document for an error. Null when the route declares no
    /// JSON body for that status.
    /// </summary>
    public static JsonNode? ResponseSchema(ApiRoute route, int status)
    {
        ArgumentNullException.ThrowIfNull(route);
        string? name = (status == route.Status || status == route.AlternateStatus) && route.Response is not null ? SchemaName(route)
            : status >= 400 ? ProblemSchemaName
            : null;
        return name is null ? null : Built.Value.Standalone[name].DeepClone();
    }

    const string ProblemSchemaName = "Problem";

    static (JsonObject, Dictionary<string, JsonNode>) Build()
    {
        Dictionary<string, JsonNode> standalone = new(StringComparer.Ordinal)
        {
            [ProblemSchemaName] = ProblemSchema(),
        };
        JsonObject paths = [];
        foreach (ApiRoute route in ApiRoutes.All)
        {
            if (paths[route.Path] is not JsonObject path)
            {
                paths[route.Path] = path = [];
            }

            path[route.Method.ToLowerInvariant()] = Operation(route, standalone);
        }

        JsonObject schemas = [];
        foreach ((string name, JsonNode schema) in standalone.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            schemas[name] = Rebase(schema.DeepClone(), name);
        }

        JsonObject document = new()
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Paperclip.Functions control plane",
                ["version"] = "1.0",
                ["description"] = "Errors are application/problem+json with a stable code (see each response's x-problem-codes). Issue-level routes also answer without the company in the path (/api/issues/{issueId}/…), and an issue identifier such as PAP-12 works wherever an issue id goes.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "The board key or an agent key." },
                },
            },
        };
        return (document, standalone);
    }

    static JsonObject Operation(ApiRoute route, Dictionary<string, JsonNode> standalone)
    {
        JsonArray parameters = [];
        foreach (Match match in RouteParameter().Matches(route.Template))
        {
            string name = match.Groups[1].Value;
            parameters.Add(new JsonObject
            {
                ["name"] = name,
                ["in"] = "path",
                ["required"] = true,
                ["schema"] = name == "issueId"
                    ? new JsonObject
                    {
                        ["type"] = "string",
                        ["description"] = "An issue id (UUID) or identifier (PAP-12).",
                        ["anyOf"] = new JsonArray(new JsonObject { ["format"] = "uuid" }, new JsonObject { ["pattern"] = "^[A-Za-z]{1,10}-[0-9]{1,9}$" }),
                    }
                    : name == "key"
                        ? new JsonObject { ["type"] = "string", ["pattern"] = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", ["description"] = "A document key (lower-cased on arrival)." }
                        : new JsonObject { ["type"] = "string", ["format"] = "uuid" },
            });
        }

        foreach (QueryParameter query in route.Query)
        {
            parameters.Add(new JsonObject { ["name"] = query.Name, ["in"] = "query", ["required"] = false, ["description"] = query.Description, ["schema"] = query.Schema() });
        }

        JsonObject operation = new()
        {
            ["operationId"] = route.Name,
            ["summary"] = route.Summary,
            ["tags"] = new JsonArray(Tag(route)),
            ["parameters"] = parameters,
        };
        if (route.Body is { } body)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = body.Required,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = body.Shape.ToSchema() } },
            };
        }

        operation["responses"] = Responses(route, standalone);
        if (!route.Anonymous)
        {
            operation["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() });
        }

        if (route.BoardOnly)
        {
            operation["x-board-only"] = true;
        }

        return operation;
    }

    static JsonObject Responses(ApiRoute route, Dictionary<string, JsonNode> standalone)
    {
        JsonObject responses = [];
        JsonObject content = [];
        if (route.Response is not null)
        {
            string name = SchemaName(route);
            standalone.TryAdd(name, ResponseTypeSchema(route));
            content["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/" + name } };
        }

        if (route.Produces is { } media && !content.ContainsKey(media))
        {
            content[media] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } };
        }

        foreach (int status in new[] { route.Status, route.AlternateStatus ?? route.Status }.Distinct())
        {
            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["description"] = status == 503 ? "Unhealthy." : "Success.",
                ["content"] = content.DeepClone(),
            };
        }

        foreach ((int status, IReadOnlyList<string> codes) in Problems(route))
        {
            string key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (responses.ContainsKey(key))
            {
                continue;
            }

            responses[key] = new JsonObject
            {
                ["description"] = "A problem: " + string.Join(", ", codes) + ".",
                ["x-problem-codes"] = new JsonArray(codes.Select(c => (JsonNode?)c).ToArray()),
                ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/" + ProblemSchemaName } } },
            };
        }

        return responses;
    }

    /// <summary>The problems a route may answer, by status: those every route of its kind may, and its own.</summary>
    static IEnumerable<(int, IReadOnlyList<string>)> Problems(ApiRoute route)
    {
        SortedDictionary<int, SortedSet<string>> byStatus = [];
        void Add(int status, string code)
        {
            if (!byStatus.TryGetValue(status, out SortedSet<string>? codes))
            {
                byStatus[status] = codes = new SortedSet<string>(StringComparer.Ordinal);
            }

            codes.Add(code);
        }

        // Every route refuses a query parameter it does not declare.
        Add(400, ErrorCodes.ValidationFailed);

        if (!route.Anonymous)
        {
            Add(401, ErrorCodes.Unauthorized);
            Add(404, ErrorCodes.NotFound);
        }

        if (route.BoardOnly)
        {
            Add(403, ErrorCodes.Forbidden);
        }

        if (route.Body is not null)
        {
            Add(413, "payload_too_large");
            Add(415, "unsupported_media_type");
        }

        if (route.Method is not "GET" && !route.Anonymous)
        {
            Add(409, ErrorCodes.ConcurrencyConflict);
        }

        foreach ((int status, string code) in route.Problems)
        {
            Add(status, code);
        }

        Add(500, "internal_error");
        Add(503, ErrorCodes.StorageUnavailable);
        return byStatus.Select(p => (p.Key, (IReadOnlyList<string>)p.Value.ToArray()));
    }

    static string Tag(ApiRoute route)
    {
        string[] segments = route.Template.Split('/');
        int start = segments[0] == "companies" && segments.Length > 2 ? 2 : 0;
        return segments[start];
    }

    static string SchemaName(ApiRoute route) =>
        TypeName(route.Response!) + (route.ResponseExtension is { } extension ? "With" + TypeName(extension) : string.Empty);

    static string TypeName(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? TypeName(type.GetGenericArguments()[0]) + "List" : type.Name;

    static JsonNode ResponseTypeSchema(ApiRoute route)
    {
        JsonNode schema = TypeSchema(route.Response!);
        if (route.ResponseExtension is { } extension && schema is JsonObject target && TypeSchema(extension) is JsonObject extra)
        {
            JsonObject properties = (JsonObject)target["properties"]!;
            foreach ((string name, JsonNode? value) in ((JsonObject)extra["properties"]!).ToArray())
            {
                properties[name] = value?.DeepClone();
            }

            if (extra["required"] is JsonArray required)
            {
                JsonArray into = target["required"] as JsonArray ?? (JsonArray)(target["required"] = new JsonArray());
                foreach (JsonNode? name in required)
                {
                    into.Add(name?.DeepClone());
                }
            }
        }

        return schema;
    }

    static JsonNode TypeSchema(Type type) => PaperclipJson.Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = (context, node) =>
        {
            // A value our own converter writes has the shape the converter gives it, which the exporter cannot see.
            if (IsOwnConverter(context.PropertyInfo?.CustomConverter) || IsOwnConverter(context.TypeInfo.Converter))
            {
                return new JsonObject { ["description"] = "Written by a custom converter: see the field's documentation." };
            }

            if (node is not JsonObject schema)
            {
                return node;
            }

            // The web defaults read numbers from strings too; answers always write them as numbers.
            if (schema["type"] is JsonArray types && types.Any(t => (string?)t == "string") && types.Any(t => (string?)t is "integer" or "number"))
            {
                JsonArray numeric = new(types.Where(t => (string?)t != "string").Select(t => t?.DeepClone()).ToArray());
                schema["type"] = numeric.Count == 1 ? numeric[0]!.DeepClone() : numeric;
                schema.Remove("pattern");
            }

            // A property left out when null or default (JsonIgnore WhenWriting…) is not always there.
            if (schema["required"] is JsonArray required && context.TypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object)
            {
                HashSet<string> optional = context.TypeInfo.Properties.Where(LeftOutSometimes).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                JsonNode?[] kept = required.Where(r => !optional.Contains((string?)r ?? string.Empty)).Select(r => r?.DeepClone()).ToArray();
                if (kept.Length == 0)
                {
                    schema.Remove("required");
                }
                else
                {
                    schema["required"] = new JsonArray(kept);
                }
            }

            // Records are closed: a field the document does not name is a contract change, and the suite says so.
            if (schema["properties"] is JsonObject && !schema.ContainsKey("additionalProperties")
                && context.TypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object
                && context.TypeInfo.Properties.All(p => !p.IsExtensionData))
            {
                schema["additionalProperties"] = false;
            }

            return schema;
        },
    });

    static bool LeftOutSometimes(System.Text.Json.Serialization.Metadata.JsonPropertyInfo property) =>
        property.ShouldSerialize is not null
        || property.AttributeProvider?.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), inherit: true)
            .OfType<System.Text.Json.Serialization.JsonIgnoreAttribute>().Any(a => a.Condition is System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull or System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault) == true;

    static bool IsOwnConverter(System.Text.Json.Serialization.JsonConverter? converter) =>
        converter is not null && converter.GetType().Assembly == typeof(PaperclipJson).Assembly;

    static JsonObject ProblemSchema()
    {
        JsonObject schema = (JsonObject)TypeSchema(typeof(Problem));
        schema["description"] = "RFC 7807 problem details with a stable code; validation problems add errors by field, some problems add the ids a client needs.";
        return schema;
    }

    /// <summary>Points a standalone schema's own references (<c>#/…</c>) at its place in the document.</summary>
    static JsonNode Rebase(JsonNode node, string name)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target && target.StartsWith('#'))
                {
                    o["$ref"] = "#/components/schemas/" + name + target[1..];
                }

                foreach ((string _, JsonNode? child) in o.ToArray())
                {
                    if (child is not null)
                    {
                        Rebase(child, name);
                    }
                }

                break;
            case JsonArray a:
                foreach (JsonNode? child in a)
                {
                    if (child is not null)
                    {
                        Rebase(child, name);
                    }
                }

                break;
        }

        return node;
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex RouteParameter();
}
