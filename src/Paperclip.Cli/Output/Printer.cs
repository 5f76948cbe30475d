using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Paperclip.Cli.Http;
using Spectre.Console;

namespace Paperclip.Cli.Output;

/// <summary>How answers are printed: <c>--json</c> the API's JSON as it came, <c>--quiet</c> ids only, else tables.</summary>
public enum OutputMode
{
    Table,
    Json,
    Quiet,
}

/// <summary>
/// Prints answers to stdout and messages to stderr. Live views only on a terminal; colour only there, and never with
/// <c>NO_COLOR</c> set; scripts get plain text.
/// </summary>
public sealed class Printer(TextWriter stdout, TextWriter stderr, OutputMode mode, bool terminal, bool colour)
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The output mode.</summary>
    public OutputMode Mode { get; } = mode;

    /// <summary>Whether stdout is a terminal: live progress and prompts (colour, too, unless <c>NO_COLOR</c>).</summary>
    public bool Terminal { get; } = terminal;

    /// <summary>Standard error, for progress and messages.</summary>
    public TextWriter Error { get; } = stderr;

    /// <summary>A console for tables and live views on stdout (no colour unless on a terminal).</summary>
    public IAnsiConsole Console { get; } = CreateConsole(stdout, terminal, colour);

    /// <summary>Prints an answer: its JSON, its ids, or a table of <paramref name="view"/>'s columns.</summary>
    public void Print<T>(JsonNode? answer, View<T> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (this.Mode == OutputMode.Json)
        {
            this.Json(answer);
            return;
        }

        List<T> rows = answer is JsonArray ? PaperclipClient.As<List<T>>(answer) : [PaperclipClient.As<T>(answer)];
        if (this.Mode == OutputMode.Quiet)
        {
            foreach (T row in rows)
            {
                stdout.WriteLine(Text(view.Id(row)));
            }

            return;
        }

        if (answer is JsonArray)
        {
            Table table = new Table().Border(TableBorder.Simple);
            foreach (Column<T> column in view.Columns)
            {
                table.AddColumn(new TableColumn(Markup.Escape(column.Header)).NoWrap());
            }

            foreach (T row in rows)
            {
                table.AddRow([.. view.Columns.Select(c => Markup.Escape(Text(c.Value(row))))]);
            }

            this.Console.Write(table);
            if (rows.Count == 0)
            {
                this.Error.WriteLine("(none)");
            }

            return;
        }

        Grid grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (Column<T> column in view.Columns)
        {
            grid.AddRow(Markup.Escape(column.Header), Markup.Escape(Text(column.Value(rows[0]))));
        }

        this.Console.Write(grid);
    }

    /// <summary>Prints JSON as the API sent it (indented).</summary>
    public void Json(JsonNode? answer) => stdout.WriteLine(answer?.ToJsonString(Indented) ?? "null");

    /// <summary>A line for people (not in <c>--json</c> or <c>--quiet</c>, where stdout is for scripts): on stderr.</summary>
    public void Note(string line) => this.Error.WriteLine(line);

    static IAnsiConsole CreateConsole(TextWriter stdout, bool terminal, bool colour)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(stdout),
        });

        // Piped tables are read by tools (grep, awk): never cut to a guessed 80 columns.
        if (!terminal)
        {
            console.Profile.Width = 4096;
        }

        return console;
    }

    /// <summary>How a value shows in a cell.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Enum e => JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString()),
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
