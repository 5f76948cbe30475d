using Paperclip.Core.Validation;

namespace Paperclip.Core.Secrets;

/// <summary><c>POST …/secrets/remote-import/preview</c>: a vault, an optional name filter, and a page.</summary>
public sealed record PreviewImportCommand(Guid ProviderConfigId, string? Query, string? NextToken, int PageSize)
{
    /// <summary>Parses the body.</summary>
    public static PreviewImportCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        PreviewImportCommand command = new(
            body.Id("providerConfigId", required: true) ?? Guid.Empty,
            body.Text("query", required: false, maxLength: 200, minLength: 0) is { Length: > 0 } query ? query : null,
            body.Text("nextToken", required: false, maxLength: 4096),
            body.Number("pageSize", required: false, min: 1, max: 100) ?? 50);
        body.ThrowIfInvalid();
        return command;
    }
}

/// <summary>One row to import.</summary>
public sealed record ImportRow(string ExternalRef, string? Name, string? Key, string? Description, string? ProviderVersionRef);

/// <summary><c>POST …/secrets/remote-import</c>: a vault and 1-100 rows.</summary>
public sealed record ImportSecretsCommand(Guid ProviderConfigId, IReadOnlyList<ImportRow> Rows)
{
    /// <summary>Parses the body.</summary>
    public static ImportSecretsCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Guid vault = body.Id("providerConfigId", required: true) ?? Guid.Empty;
        List<ImportRow> rows = [];
        IReadOnlyList<RequestBody>? items = body.Objects("secrets", required: true, maxItems: 100);
        if (items is { Count: 0 })
        {
            body.Fail("secrets", "must have at least one row.");
        }

        foreach (RequestBody item in items ?? [])
        {
            string? externalRef = item.Text("externalRef", required: true, maxLength: 2048);
            string? name = item.Text("name", required: false, maxLength: 160);
            string? key = item.Text("key", required: false, maxLength: SecretKeys.MaxLength);
            if (key is not null && !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                item.Fail("key", "must match ^[a-zA-Z0-9_.-]+$.");
            }

            string? description = item.Text("description", required: false, maxLength: 500, minLength: 0);
            string? versionRef = item.Text("providerVersionRef", required: false, maxLength: 512);
            _ = item.RawObject("providerMetadata", required: false, maxBytes: 8 * 1024); // Accepted and discarded, as upstream.
            if (externalRef is not null)
            {
                rows.Add(new ImportRow(externalRef, name, key, description, versionRef));
            }
        }

        body.ThrowIfInvalid();
        return new ImportSecretsCommand(vault, rows);
    }
}
