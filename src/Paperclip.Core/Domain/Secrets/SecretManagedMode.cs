namespace Paperclip.Core.Domain.Secrets;

/// <summary>Who owns a secret's value.</summary>
public enum SecretManagedMode
{
    /// <summary>The control plane wrote the value into the provider and owns it there.</summary>
    PaperclipManaged,

    /// <summary>The value lives in the operator's vault; the secret only points at it and never writes it.</summary>
    ExternalReference,
}
