using System.Text.Json;
using System.Text.Json.Nodes;
using Paperclip.Core.Errors;

namespace Paperclip.Core.Validation;

/// <summary>
/// Reads a JSON request object field by field and collects every problem with its field path.
/// Any property the handler did not read is reported as unknown, so a typo never passes silently.
/// Call <see cref="ThrowIfInvalid"/> before writing anything: validation completes before the first write.
/// </summary>
public sealed class RequestBody
{
    readonly JsonElement element;
    readonly string prefix;
    readonly HashSet<string> read = new(StringComparer.Ordinal);
    readonly Dictionary<string, List<string>> errors;
    readonly List<RequestBody> children = [];
    readonly BodyShape? shape;

    RequestBody(JsonElement element, string prefix, Dictionary<string, List<string>> errors, BodyShape? shape = null)
    {
        this.element = element;
        this.prefix = prefix;
        this.errors = errors;
        this.shape = shape;
    }

    /// <summary>
    /// What <paramref name="parse"/> reads: it is run over sample bodies until no new field turns up (every enum value
    /// and flag tried, so each branch shows its fields). For the API's description of request bodies.
    /// </summary>
    public static BodyShape Describe(Action<RequestBody> parse) => BodyShape.Explore(parse);

    /// <summary>A reader over a sample that records into <paramref name="shape"/> and never throws for what it finds.</summary>
    internal static RequestBody ForShape(JsonElement sample, BodyShape shape) =>
        new(sample, string.Empty, new Dictionary<string, List<string>>(StringComparer.Ordinal), shape);

    /// <summary>The largest request body accepted, in bytes.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Parses a body that must be one JSON object.</summary>
    public static RequestBody Parse(ReadOnlySpan<byte> utf8) => Parse(utf8, MaxBodyBytes);

    /// <summary>Parses a body of at most <paramref name="maxBytes"/> (a route that takes large documents allows more).</summary>
    public static RequestBody Parse(ReadOnlySpan<byte> utf8, int maxBytes)
    {
        if (utf8.Length > maxBytes)
        {
            throw PaperclipException.Validation("body", $"The body is larger than {maxBytes} bytes.");
        }

        JsonElement root;
        try
        {
            if (utf8.IsEmpty)
            {
                throw PaperclipException.Validation("body", "A JSON object body is required.");
            }

            Utf8JsonReader reader = new(utf8, new JsonReaderOptions { MaxDepth = 16 });
            root = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            // The parser's message may echo body content; keep the error generic.
            throw PaperclipException.Validation("body", "The body is not valid JSON.");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw PaperclipException.Validation("body", "The body must be a JSON object.");
        }

        return new RequestBody(root, string.Empty, new Dictionary<string, List<string>>(StringComparer.Ordinal));
    }

    /// <summary>True when the field is present (even if null).</summary>
    public bool Has(string field)
    {
        this.shape?.Note(field, null, required: false);
        this.read.Add(field);
        return this.element.TryGetProperty(field, out _);
    }

    /// <summary>
    /// A field a known peer accepts that this API refuses on purpose: any value fails with <paramref name="message"/>,
    /// and the schema says no value is valid (rather than listing it as accepted).
    /// </summary>
    public void Refuse(string field, string message)
    {
        this.shape?.Note(field, new JsonObject { ["not"] = new JsonObject(), ["description"] = "Refused: " + message }, required: false);
        this.read.Add(field);
        if (this.element.TryGetProperty(field, out _))
        {
            this.Fail(field, message);
        }
    }

    /// <summary>True when the field is present and JSON null.</summary>
    public bool IsNull(string field)
    {
        this.shape?.Note(field, null, required: false);
        this.read.Add(field);
        return this.element.TryGetProperty(field, out JsonElement value) && value.ValueKind == JsonValueKind.Null;
    }

    /// <summary>Reads a string. Trims it; enforces length bounds.</summary>
    public string? Text(string field, bool required, int maxLength, int minLength = 1) =>
        this.ReadText(field, required, maxLength, minLength, char.IsControl, "must not contain control characters.");

    /// <summary>
    /// Reads prose (a comment, a document): newlines and tabs allowed, other control characters refused; kept as sent
    /// but for surrounding whitespace, and it must hold more than whitespace.
    /// </summary>
    public string? MultilineText(string field, bool required, int maxLength) =>
        this.ReadText(field, required, maxLength, 1, c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'), "must not contain control characters other than newlines and tabs.");

    /// <summary>A string, trimmed, of <paramref name="minLength"/> to <paramref name="maxLength"/> characters, none of them <paramref name="refused"/>.</summary>
    string? ReadText(string field, bool required, int maxLength, int minLength, Func<char, bool> refused, string refusedMessage)
    {
        this.shape?.Note(field, new JsonObject { ["type"] = "string", ["minLength"] = minLength, ["maxLength"] = maxLength }, required);
        if (!this.TryGet(field, required, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            this.Fail(field, "must be a string.");
            return null;
        }

        string text = value.GetString()!.Trim();
        if (text.Length < minLength)
        {
            this.Fail(field, minLength == 1 ? "must not be empty." : $"must be at least {minLength} characters.");
            return null;
        }

        if (text.Length > maxLength)
        {
            this.Fail(field, $"must be at most {maxLength} characters.");
            return null;
        }

        if (text.Any(refused))
        {
            this.Fail(field, refusedMessage);
            return null;
        }

        return text;
    }

    /// <summary>
    /// Reads a secret value exactly as sent (no trimming; newlines allowed, for keys and certificates). Errors name the
    /// field only, never the value.
    /// </summary>
    public string? SecretText(string field, bool required, int maxLength)
    {
        this.shape?.Note(field, new JsonObject { ["type"] = "string", ["maxLength"] = maxLength, ["writeOnly"] = true }, required);
        if (!this.TryGet(field, required, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            this.Fail(field, "must be a string.");
            return null;
        }

        string text = value.GetString()!;
        if (text.Length > maxLength)
        {
            this.Fail(field, $"must be at most {maxLength} characters.");
            return null;
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            this.Fail(field, "must not contain NUL characters.");
            return null;
        }

        return text;
    }

    /// <summary>Reads an id (a GUID string).</summary>
    public Guid? Id(string field, bool required)
    {
        this.shape?.Note(field, new JsonObject { ["type"] = "string", ["format"] = "uuid" }, required);
        if (!this.TryGet(field, required, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !Guid.TryParse(value.GetString(), out Guid id) || id == Guid.Empty)
        {
            this.Fail(field, "must be an id (a UUID string).");
            return null;
        }

        return id;
    }

    /// <summary>Reads an integer within bounds.</summary>
    public int? Number(string field, bool required, int min, int max)
    {
        this.shape?.Note(field, new JsonObject { ["type"] = "integer", ["minimum"] = min, ["maximum"] = max }, required);
        if (!this.TryGet(field, required, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number))
        {
            this.Fail(field, "must be an integer.");
            return null;
        }

        if (number < min || number > max)
        {
            this.Fail(field, $"must be between {min} and {max}.");
            return null;
        }

        return number;
    }

    /// <summary>Reads a boolean.</summary>
    public bool? Flag(string field)
    {
        this.shape?.Note(field, new JsonObject { ["type"] = "boolean" }, required: false);
        if (!this.TryGet(field, required: false, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            this.Fail(field, "must be true or false.");
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>Reads one of an enum's wire values.</summary>
    public T? Enum<T>(string field, bool required)
        where T : struct, Enum
    {
        this.shape?.Note(field, new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(PaperclipJson.EnumValues<T>().Select(v => (JsonNode?)v).ToArray()) }, required);
        string? text = this.Text(field, required, 64);
        if (text is null)
        {
            return null;
        }

        T? parsed = PaperclipJson.ParseEnum<T>(text);
        if (parsed is null)
        {
            this.Fail(field, $"must be one of: {string.Join(", ", PaperclipJson.EnumValues<T>())}.");
        }

        return parsed;
    }

    /// <summary>Reads an array of strings.</summary>
    public IReadOnlyList<string>? StringArray(string field, bool required, int maxItems, int maxLength)
    {
        this.shape?.Note(field, new JsonObject { ["type"] = "array", ["maxItems"] = maxItems, ["items"] = new JsonObject { ["type"] = "string", ["maxLength"] = maxLength } }, required);
        if (!this.TryGetArray(field, required, maxItems, out JsonElement value))
        {
            return null;
        }

        List<string> items = [];
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string path = $"{field}[{index++}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                this.Fail(path, "must be a string.");
            }
            else if (item.GetString()!.Length > maxLength)
            {
                this.Fail(path, $"must be at most {maxLength} characters.");
            }
            else
            {
                items.Add(item.GetString()!);
            }
        }

        return items;
    }

    /// <summary>Reads an array of ids; duplicates are removed, order kept.</summary>
    public IReadOnlyList<Guid>? IdArray(string field, bool required, int maxItems)
    {
        this.shape?.Note(field, new JsonObject { ["type"] = "array", ["maxItems"] = maxItems, ["items"] = new JsonObject { ["type"] = "string", ["format"] = "uuid" } }, required);
        if (!this.TryGetArray(field, required, maxItems, out JsonElement value))
        {
            return null;
        }

        List<Guid> items = [];
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string path = $"{field}[{index++}]";
            if (item.ValueKind != JsonValueKind.String || !Guid.TryParse(item.GetString(), out Guid id) || id == Guid.Empty)
            {
                this.Fail(path, "must be an id (a UUID string).");
            }
            else if (!items.Contains(id))
            {
                items.Add(id);
            }
        }

        return items;
    }

    /// <summary>Reads a free-form JSON object (a payload), bounded in size; returned as a detached copy.</summary>
    public JsonElement? RawObject(string field, bool required, int maxBytes)
    {
        this.shape?.Note(field, new JsonObject { ["type"] = "object", ["description"] = $"A JSON object of at most {maxBytes} bytes." }, required);
        if (!this.TryGet(field, required, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            this.Fail(field, "must be an object.");
            return null;
        }

        if (value.GetRawText().Length > maxBytes)
        {
            this.Fail(field, $"must be at most {maxBytes} bytes of JSON.");
            return null;
        }

        return value.Clone();
    }

    /// <summary>Reads a nested object; its fields are validated by the returned reader.</summary>
    public RequestBody? Nested(string field, bool required)
    {
        BodyShape? nested = this.shape?.Child(field, required, array: false, maxItems: 0);
        if (!this.TryGet(field, required, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            this.Fail(field, "must be an object.");
            return null;
        }

        RequestBody child = new(value, this.prefix + field + ".", this.errors, nested);
        this.children.Add(child);
        return child;
    }

    /// <summary>Reads an array of objects; each element's fields are validated by its reader (paths <c>field[i].name</c>).</summary>
    public IReadOnlyList<RequestBody>? Objects(string field, bool required, int maxItems)
    {
        BodyShape? itemShape = this.shape?.Child(field, required, array: true, maxItems);
        if (!this.TryGet(field, required, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > maxItems)
        {
            this.Fail(field, $"must be an array of at most {maxItems} objects.");
            return null;
        }

        List<RequestBody> items = [];
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                this.Fail($"{field}[{index}]", "must be an object.");
            }
            else
            {
                RequestBody child = new(item, $"{this.prefix}{field}[{index}].", this.errors, itemShape);
                this.children.Add(child);
                items.Add(child);
            }

            index++;
        }

        return items;
    }

    /// <summary>Records a problem with a field found by the caller's own rules.</summary>
    public void Fail(string field, string message)
    {
        string path = this.prefix + field;
        if (!this.errors.TryGetValue(path, out List<string>? list))
        {
            this.errors[path] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Reports unknown fields and throws 400 validation_failed if any problem was found.</summary>
    public void ThrowIfInvalid()
    {
        this.CollectUnknown();

        // A reader describing its parser goes on, so the fields after this point are seen too.
        if (this.errors.Count > 0 && this.shape is null)
        {
            throw PaperclipException.Validation(this.errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }

    void CollectUnknown()
    {
        foreach (JsonProperty property in this.element.EnumerateObject())
        {
            if (!this.read.Contains(property.Name))
            {
                this.Fail(property.Name, "is not a known field.");
            }
        }

        foreach (RequestBody child in this.children)
        {
            child.CollectUnknown();
        }
    }

    bool TryGet(string field, bool required, out JsonElement value)
    {
        this.read.Add(field);
        if (!this.element.TryGetProperty(field, out value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                this.Fail(field, "is required.");
            }

            return false;
        }

        return true;
    }

    bool TryGetArray(string field, bool required, int maxItems, out JsonElement value)
    {
        if (!this.TryGet(field, required, out value))
        {
            return false;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            this.Fail(field, "must be an array.");
            return false;
        }

        if (value.GetArrayLength() > maxItems)
        {
            this.Fail(field, $"must have at most {maxItems} items.");
            return false;
        }

        return true;
    }
}
