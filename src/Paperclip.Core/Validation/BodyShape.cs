using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paperclip.Core.Validation;

/// <summary>
/// What a body parser reads, recorded by running the parser itself (see <see cref="RequestBody.Describe"/>): each
/// field with its JSON schema (type, bounds, enum values) and whether it is required, nested objects included. The
/// API's OpenAPI document takes request schemas from here, so the document says what the parser accepts, not what
/// someone remembered to write down.
/// </summary>
public sealed partial class BodyShape
{
    readonly Dictionary<string, Field> fields = new(StringComparer.Ordinal);

    sealed class Field(JsonObject? schema)
    {
        public JsonObject? Schema { get; set; } = schema;

        public bool Required { get; set; }

        public BodyShape? Object { get; set; }

        public bool ArrayOfObjects { get; set; }

        public int MaxItems { get; set; }
    }

    /// <summary>The number of fields seen so far, nested ones included (the exploration stops when it stops growing).</summary>
    public int Size => this.fields.Count + this.fields.Values.Sum(f => f.Object?.Size ?? 0);

    /// <summary>Records a field read with this schema (null: read only to test presence).</summary>
    internal void Note(string name, JsonObject? schema, bool required)
    {
        if (!this.fields.TryGetValue(name, out Field? field))
        {
            this.fields[name] = field = new Field(schema);
        }
        else if (field.Schema is null && schema is not null)
        {
            field.Schema = schema;
        }

        field.Required |= required;
    }

    /// <summary>Records a nested object (or an array of them) and returns its shape.</summary>
    internal BodyShape Child(string name, bool required, bool array, int maxItems)
    {
        this.Note(name, null, required);
        Field field = this.fields[name];
        field.Object ??= new BodyShape();
        field.ArrayOfObjects = array;
        field.MaxItems = maxItems;
        return field.Object;
    }

    /// <summary>The JSON schema of the object: its fields, which are required, and nothing else allowed (unknown fields are refused).</summary>
    public JsonObject ToSchema()
    {
        JsonObject properties = [];
        JsonArray required = [];
        foreach ((string name, Field field) in this.fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            JsonObject schema = field.Object is { } nested
                ? field.ArrayOfObjects
                    ? new JsonObject { ["type"] = "array", ["maxItems"] = field.MaxItems, ["items"] = nested.ToSchema() }
                    : nested.ToSchema()
                : (JsonObject?)field.Schema?.DeepClone() ?? [];

            // An optional field may also be sent as null (the parser reads null as absent).
            if (!field.Required && schema["type"] is JsonValue type)
            {
                schema["type"] = new JsonArray(type.GetValue<string>(), "null");
            }

            properties[name] = schema;
            if (field.Required)
            {
                required.Add(name);
            }
        }

        JsonObject result = new() { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
        {
            result["required"] = required;
        }

        result["additionalProperties"] = false;
        return result;
    }

    /// <summary>
    /// Sample bodies that reach every field seen so far: one with a value for each, then one per alternative of each
    /// choice (enum value, true/false, a present-only field as a string or an object), so a parser that branches on a
    /// value shows the fields of every branch.
    /// </summary>
    internal IEnumerable<JsonObject> Samples()
    {
        yield return this.Sample(null, 0);
        List<(Field Field, int Options)> choices = [];
        this.CollectChoices(choices);
        foreach ((Field field, int options) in choices)
        {
            for (int option = 1; option < options; option++)
            {
                yield return this.Sample(field, option);
            }
        }
    }

    void CollectChoices(List<(Field, int)> choices)
    {
        foreach (Field field in this.fields.Values)
        {
            if (field.Object is { } nested)
            {
                nested.CollectChoices(choices);
            }
            else if (OptionCount(field.Schema) > 1)
            {
                choices.Add((field, OptionCount(field.Schema)));
            }
        }
    }

    static int OptionCount(JsonObject? schema) => schema switch
    {
        null => 2,
        _ when schema["enum"] is JsonArray values => values.Count,
        _ when (string?)schema["type"] == "boolean" => 2,
        _ => 1,
    };

    JsonObject Sample(Field? varied, int option)
    {
        JsonObject sample = [];
        foreach ((string name, Field field) in this.fields)
        {
            int chosen = ReferenceEquals(field, varied) ? option : 0;
            sample[name] = field.Object is { } nested
                ? field.ArrayOfObjects ? new JsonArray(nested.Sample(varied, option)) : nested.Sample(varied, option)
                : Value(field.Schema, chosen);
        }

        return sample;
    }

    static JsonNode? Value(JsonObject? schema, int option)
    {
        if (schema is null)
        {
            return option == 0 ? JsonValue.Create("a") : new JsonObject();
        }

        if (schema["enum"] is JsonArray values)
        {
            return values[option]!.DeepClone();
        }

        return (string?)schema["type"] switch
        {
            "boolean" => JsonValue.Create(option == 0),
            "integer" => JsonValue.Create(schema["minimum"]?.GetValue<int>() ?? 0),
            "object" => new JsonObject(),
            "array" => new JsonArray(Value(schema["items"] as JsonObject, 0)),
            "string" when (string?)schema["format"] == "uuid" => JsonValue.Create(Guid.NewGuid().ToString()),
            "string" => JsonValue.Create(new string('a', Math.Max(1, schema["minLength"]?.GetValue<int>() ?? 1))),
            _ => JsonValue.Create("a"),
        };
    }

    /// <summary>Runs <paramref name="parse"/> over samples until no new field turns up; returns what it read.</summary>
    internal static BodyShape Explore(Action<RequestBody> parse)
    {
        const int MaxParses = 400;
        BodyShape shape = new();
        HashSet<string> tried = new(StringComparer.Ordinal);
        Queue<JsonObject> pending = new([new JsonObject()]);
        for (int parses = 0; parses < MaxParses && pending.TryDequeue(out JsonObject? sample); parses++)
        {
            string text = sample.ToJsonString();
            if (!tried.Add(Normalized(text)))
            {
                parses--;
                continue;
            }

            int before = shape.Size;
            try
            {
                parse(RequestBody.ForShape(JsonDocument.Parse(text).RootElement.Clone(), shape));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Samples need not be valid: a parser that gives up on one has still shown the fields it read.
            }

            if (shape.Size > before || pending.Count == 0)
            {
                foreach (JsonObject next in shape.Samples())
                {
                    pending.Enqueue(next);
                }
            }
        }

        return shape;
    }

    // Fresh ids in samples make every sample unique; compare them without ids.
    static string Normalized(string json) => Uuid().Replace(json, "id");

    [System.Text.RegularExpressions.GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial System.Text.RegularExpressions.Regex Uuid();
}
