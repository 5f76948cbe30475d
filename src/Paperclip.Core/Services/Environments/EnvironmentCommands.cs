using System.Text.Json;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Errors;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Environments;

/// <summary><c>POST …/environments</c>: <c>{name, description?, driver, status?, config?, metadata?}</c>.</summary>
public sealed record CreateEnvironmentCommand(string Name, string? Description, EnvironmentDriver Driver, EnvironmentStatus Status, JsonElement? Config, JsonElement? Metadata)
{
    /// <summary>Parses the body (400 for its shape; an unknown driver is upstream's 422).</summary>
    public static CreateEnvironmentCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string? name = body.Text("name", required: true, maxLength: 200);
        string? description = body.Text("description", required: false, maxLength: 10_000, minLength: 0);
        string? driver = body.Text("driver", required: true, maxLength: 64);
        EnvironmentStatus status = body.Enum<EnvironmentStatus>("status", required: false) ?? EnvironmentStatus.Active;
        JsonElement? config = body.RawObject("config", required: false, maxBytes: EnvironmentFields.MaxConfigBytes);
        JsonElement? metadata = body.RawObject("metadata", required: false, maxBytes: EnvironmentFields.MaxMetadataBytes);
        body.ThrowIfInvalid();
        return new CreateEnvironmentCommand(name!, description, EnvironmentFields.Driver(driver!), status, config, metadata);
    }
}

/// <summary><c>POST …/environments/probe-config</c>: the create body, with the name optional.</summary>
public static class ProbeConfigCommand
{
    /// <summary>Parses the body.</summary>
    public static CreateEnvironmentCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string? name = body.Text("name", required: false, maxLength: 200);
        string? description = body.Text("description", required: false, maxLength: 10_000, minLength: 0);
        string? driver = body.Text("driver", required: true, maxLength: 64);
        JsonElement? config = body.RawObject("config", required: false, maxBytes: EnvironmentFields.MaxConfigBytes);
        JsonElement? metadata = body.RawObject("metadata", required: false, maxBytes: EnvironmentFields.MaxMetadataBytes);
        body.ThrowIfInvalid();
        return new CreateEnvironmentCommand(name ?? "Unsaved environment", description, EnvironmentFields.Driver(driver!), EnvironmentStatus.Active, config, metadata);
    }
}

/// <summary><c>POST …/environments/{id}/probe</c>: <c>{trustHostKey?}</c>.</summary>
public static class ProbeCommand
{
    /// <summary>Parses the (optional) body: whether to pin an unknown host key.</summary>
    public static bool Parse(RequestBody? body)
    {
        if (body is null)
        {
            return false;
        }

        bool trust = body.Flag("trustHostKey") ?? false;
        body.ThrowIfInvalid();
        return trust;
    }
}

/// <summary><c>PATCH /environments/{id}</c>: any of <c>name, description, driver, status, config, metadata</c>.</summary>
public sealed record PatchEnvironmentCommand(IReadOnlyList<string> ChangedFields)
{
    public string? Name { get; init; }

    public bool SetDescription { get; init; }

    public string? Description { get; init; }

    public EnvironmentDriver? Driver { get; init; }

    public EnvironmentStatus? Status { get; init; }

    public JsonElement? Config { get; init; }

    public bool SetMetadata { get; init; }

    public JsonElement? Metadata { get; init; }

    /// <summary>Parses the body.</summary>
    public static PatchEnvironmentCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string[] fields = [.. EnvironmentFields.Patchable.Where(body.Has)];
        string? name = body.Text("name", required: false, maxLength: 200);
        string? description = body.Text("description", required: false, maxLength: 10_000, minLength: 0);
        string? driver = body.Text("driver", required: false, maxLength: 64);
        EnvironmentStatus? status = body.Enum<EnvironmentStatus>("status", required: false);
        JsonElement? config = body.RawObject("config", required: false, maxBytes: EnvironmentFields.MaxConfigBytes);
        JsonElement? metadata = body.RawObject("metadata", required: false, maxBytes: EnvironmentFields.MaxMetadataBytes);
        body.ThrowIfInvalid();
        return new PatchEnvironmentCommand(fields)
        {
            Name = name,
            SetDescription = fields.Contains("description"),
            Description = description,
            Driver = driver is null ? null : EnvironmentFields.Driver(driver),
            Status = status,
            Config = config,
            SetMetadata = fields.Contains("metadata"),
            Metadata = metadata,
        };
    }
}

/// <summary>What environment bodies share.</summary>
internal static class EnvironmentFields
{
    /// <summary>The fields a PATCH may carry, in the sorted order the activity log lists them.</summary>
    internal static readonly string[] Patchable = ["config", "description", "driver", "metadata", "name", "status"];

    internal const int MaxConfigBytes = 96 * 1024;
    internal const int MaxMetadataBytes = 16 * 1024;

    /// <summary>The stable code of a driver this product does not have.</summary>
    internal const string UnsupportedDriver = "unsupported_environment_driver";

    internal static EnvironmentDriver Driver(string text) =>
        PaperclipJson.ParseEnum<EnvironmentDriver>(text) ?? throw PaperclipException.Unprocessable(UnsupportedDriver, $"Unsupported environment driver \"{text}\".");
}
