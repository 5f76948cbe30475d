using System.ComponentModel.DataAnnotations;

namespace Paperclip.Storage;

/// <summary>Where state lives (section <c>Paperclip:Storage</c>).</summary>
public sealed class TableStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Paperclip:Storage";

    /// <summary>The Azure Storage connection string (Azurite's in local use).</summary>
    [Required]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Prepended to every table name so deployments or test runs sharing an account stay apart. Letters and digits.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,29}$", ErrorMessage = "TablePrefix must start with a letter and hold only letters and digits (max 30).")]
    public string TablePrefix { get; set; } = "paperclip";
}
