namespace Paperclip.Cli.Output;

/// <summary>A column of a table: its header and how a value shows in it.</summary>
public sealed record Column<T>(string Header, Func<T, object?> Value);

/// <summary>
/// How a kind of answer shows to people: its columns, over the server's own type (a renamed field breaks this build),
/// and its id (what <c>--quiet</c> prints).
/// </summary>
public sealed record View<T>(Func<T, object?> Id, IReadOnlyList<Column<T>> Columns);
