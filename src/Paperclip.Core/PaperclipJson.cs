using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paperclip.Core;

/// <summary>The one JSON shape of the product: camelCase properties and snake_case enum values, as upstream.</summary>
public static class PaperclipJson
{
    /// <summary>Options for API bodies and stored documents.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The wire name of an enum value (e.g. <c>in_progress</c>).</summary>
    public static string EnumValue<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Parses a wire enum value; null when it is not one of <typeparamref name="T"/>'s values.</summary>
    public static T? ParseEnum<T>(string text)
        where T : struct, Enum
    {
        foreach (T value in Enum.GetValues<T>())
        {
            if (string.Equals(EnumValue(value), text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>All wire values of <typeparamref name="T"/>, for error messages and the API description.</summary>
    public static IReadOnlyList<string> EnumValues<T>()
        where T : struct, Enum => Enum.GetValues<T>().Select(EnumValue).ToArray();

    static JsonSerializerOptions Create()
    {
        JsonSerializerOptions options = new(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,

            // Bodies are served as application/json, never embedded in HTML, so '<', '>' and '&' stay readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
