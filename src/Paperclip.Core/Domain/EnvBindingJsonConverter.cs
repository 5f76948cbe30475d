using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paperclip.Core.Domain;

/// <summary>Reads an env entry as a string, <c>{type: "plain", value}</c> or <c>{type: "secret_ref", secretId, version?}</c>.</summary>
public sealed class EnvBindingJsonConverter : JsonConverter<EnvBinding>
{
    /// <inheritdoc/>
    public override EnvBinding Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return EnvBinding.Plain(reader.GetString()!);
        }

        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement entry = document.RootElement;
        string? type = entry.TryGetProperty("type", out JsonElement t) ? t.GetString() : null;
        return type switch
        {
            EnvBinding.PlainType => EnvBinding.Plain(entry.GetProperty("value").GetString()!),
            EnvBinding.SecretRefType => EnvBinding.SecretRef(
                entry.GetProperty("secretId").GetGuid(),
                entry.TryGetProperty("version", out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null),
            _ => throw new JsonException("An env entry is a string, {type: plain} or {type: secret_ref}."),
        };
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, EnvBinding value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (!value.IsSecretRef)
        {
            writer.WriteStringValue(value.Value);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type", EnvBinding.SecretRefType);
        writer.WriteString("secretId", value.SecretId!.Value);
        if (value.Version is { } version)
        {
            writer.WriteNumber("version", version);
        }
        else
        {
            writer.WriteString("version", "latest");
        }

        writer.WriteEndObject();
    }
}
