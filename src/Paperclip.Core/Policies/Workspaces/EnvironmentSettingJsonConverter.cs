using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paperclip.Core.Policies.Workspaces;

/// <summary>
/// JSON of an <see cref="EnvironmentSetting"/>: a present value is a string or null; an absent one is a missing key
/// (properties of this type are skipped when default, and a missing key reads as <see cref="EnvironmentSetting.Absent"/>).
/// </summary>
public sealed class EnvironmentSettingJsonConverter : JsonConverter<EnvironmentSetting>
{
    /// <inheritdoc/>
    public override bool HandleNull => true;

    /// <inheritdoc/>
    public override EnvironmentSetting Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => EnvironmentSetting.Of(null),
            JsonTokenType.String => EnvironmentSetting.Of(reader.GetString()),
            _ => throw new JsonException("environmentId must be a string or null."),
        };

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, EnvironmentSetting value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.Value);
        }
    }
}
