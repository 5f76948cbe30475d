using System.ComponentModel.DataAnnotations;

namespace Paperclip.Storage;

/// <summary>
/// Where state lives (section <c>Paperclip:Storage</c>): a connection string (Azurite, or an account key), or the
/// Table service URI with a managed identity (the Azure deployment; no key in configuration).
/// </summary>
public sealed class TableStoreOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Paperclip:Storage";

    /// <summary>The Azure Storage connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Table service endpoint, e.g. https://account.table.core.windows.net, used with Entra ID auth.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>The client id of the user-assigned managed identity to use with <see cref="ServiceUri"/> (else the default chain).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prepended to every table name so deployments or test runs sharing an account stay apart. Letters and digits.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,29}$", ErrorMessage = "TablePrefix must start with a letter and hold only letters and digits (max 30).")]
    public string TablePrefix { get; set; } = "paperclip";

    /// <summary>
    /// The longest a storage call may take, all its retries included; then the request answers 503
    /// <c>storage_unavailable</c> (with <c>Retry-After</c>) instead of waiting for storage to come back.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(this.ConnectionString) == (this.ServiceUri is null))
        {
            yield return new ValidationResult(
                "Configure exactly one of Paperclip:Storage:ConnectionString and Paperclip:Storage:ServiceUri.",
                [nameof(this.ConnectionString), nameof(this.ServiceUri)]);
        }
    }
}
