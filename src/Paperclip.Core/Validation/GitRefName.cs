namespace Paperclip.Core.Validation;

/// <summary>
/// The rules <c>git check-ref-format --branch</c> applies to a branch name, plus git branch's refusal of a leading
/// <c>-</c> (which would also read as an option on a command line). Checked before git ever sees the name.
/// </summary>
public static class GitRefName
{
    /// <summary>Why <paramref name="name"/> is not a valid branch name, or null when it is.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "" => "must not be empty.",
            "@" => "must not be '@'.",
            _ when name.StartsWith('-') => "must not start with '-'.",
            _ when name.Contains("..", StringComparison.Ordinal) => "must not contain '..'.",
            _ when name.Contains("@{", StringComparison.Ordinal) => "must not contain '@{'.",
            _ when name.Contains('\\') => "must not contain '\\'.",
            _ when name.Any(c => c == ' ' || char.IsControl(c)) => "must not contain spaces or control characters.",
            _ when name.IndexOfAny(['~', '^', ':', '?', '*', '[']) >= 0 => "must not contain any of ~ ^ : ? * [.",
            _ when name.StartsWith('/') || name.EndsWith('/') => "must not start or end with '/'.",
            _ when name.Contains("//", StringComparison.Ordinal) => "must not contain '//'.",
            _ when name.EndsWith('.') => "must not end with '.'.",
            _ when name.Split('/').Any(c => c.StartsWith('.')) => "must not have a path component starting with '.'.",
            _ when name.Split('/').Any(c => c.EndsWith(".lock", StringComparison.Ordinal)) => "must not end with '.lock' (nor may any path component).",
            _ => null,
        };
    }
}
