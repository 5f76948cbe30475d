using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Paperclip.Api;
using Paperclip.Cli.Output;

namespace Paperclip.Cli.Commands;

/// <summary>
/// A command that is one API route: its path ids as arguments (the company from <c>--company</c> or the profile), its
/// query parameters as options (named after the route's own, kebab-cased: <c>assigneeAgentId</c> is
/// <c>--assignee-agent-id</c>), its body from <c>--data</c> and named field options, its answer printed by a view.
/// </summary>
public static partial class RouteCommand
{
    /// <summary>The body as JSON text, <c>@file</c>, or <c>-</c> for stdin.</summary>
    public static readonly Option<string?> Data = new("--data", "-d") { Description = "The request body: JSON, @file, or - for stdin." };

    static readonly Option<string?> ValueFile = new("--value-file") { Description = "Read the secret value from this file (never from the command line)." };
    static readonly Option<bool> ValueStdin = new("--value-stdin") { Description = "Read the secret value from stdin (never from the command line)." };

    /// <summary>Every route some command calls (the coverage test holds it to <see cref="ApiRoutes.All"/>).</summary>
    public static IReadOnlySet<ApiRoute> Covered => CoveredRoutes;

    static readonly HashSet<ApiRoute> CoveredRoutes = [];

    /// <summary>Records that a hand-written command calls <paramref name="routes"/>.</summary>
    public static void Uses(params ApiRoute[] routes)
    {
        lock (CoveredRoutes)
        {
            CoveredRoutes.UnionWith(routes);
        }
    }

    /// <summary>Builds the command for <paramref name="route"/>.</summary>
    public static Command Create<T>(string name, string description, ApiRoute route, View<T> view, params (string Option, string Field)[] fields) =>
        Build(name, description, route, view, null, fields);

    /// <summary>
    /// As <see cref="Create{T}"/>, with the body's <paramref name="secretField"/> read from <c>--value-file</c> or
    /// <c>--value-stdin</c>: a secret value is never an argument, so it is in no process list or shell history.
    /// </summary>
    public static Command CreateWithSecret<T>(string name, string description, ApiRoute route, View<T> view, string secretField, params (string Option, string Field)[] fields) =>
        Build(name, description, route, view, secretField, fields);

    static Command Build<T>(string name, string description, ApiRoute route, View<T> view, string? secretField, (string Option, string Field)[] fields)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.Response is { } answer && answer != typeof(T) && !typeof(IEnumerable<T>).IsAssignableFrom(answer))
        {
            throw new InvalidOperationException($"The view for {route.Name} shows {typeof(T).Name}, but the route answers {answer.Name}.");
        }

        Uses(route);
        Command command = new(name, description);
        List<(string Placeholder, Argument<string> Argument)> ids = [];
        foreach (Match match in Placeholder().Matches(route.Template))
        {
            string placeholder = match.Groups[1].Value;
            if (placeholder != "companyId")
            {
                Argument<string> argument = new(placeholder) { Description = $"The {placeholder[..^2]}'s id." };
                command.Arguments.Add(argument);
                ids.Add((placeholder, argument));
            }
        }

        List<(string Name, Option<string?> Option)> query = [.. route.Query.Select(q => (q.Name, new Option<string?>("--" + Kebab(q.Name)) { Description = q.Description }))];
        foreach ((_, Option<string?> option) in query)
        {
            command.Options.Add(option);
        }

        List<(string Field, Option<string?> Option)> bodyFields = [.. fields.Select(f => (f.Field, new Option<string?>("--" + f.Option) { Description = $"The body's {f.Field}." }))];
        if (route.Body is not null)
        {
            command.Options.Add(Data);
            foreach ((_, Option<string?> option) in bodyFields)
            {
                command.Options.Add(option);
            }

            if (secretField is not null)
            {
                command.Options.Add(ValueFile);
                command.Options.Add(ValueStdin);
            }
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            using Invocation invocation = new(parse, CliApp.Environment);
            Dictionary<string, string> path = new(StringComparer.Ordinal);
            if (route.Template.Contains("{companyId}", StringComparison.Ordinal))
            {
                path["companyId"] = invocation.Company;
            }

            foreach ((string placeholder, Argument<string> argument) in ids)
            {
                path[placeholder] = parse.GetValue(argument)!;
            }

            Dictionary<string, string> values = new(StringComparer.Ordinal);
            foreach ((string queryName, Option<string?> option) in query)
            {
                if (parse.GetValue(option) is { } value)
                {
                    values[queryName] = value;
                }
            }

            JsonObject? body = route.Body is null ? null : Body(parse, invocation.Environment, bodyFields);
            if (secretField is not null && SecretValue(parse, invocation.Environment) is { } secret)
            {
                (body ??= [])[secretField] = secret;
            }

            JsonNode? answer = await invocation.Client.SendAsync(route, path, values, body, cancellationToken).ConfigureAwait(false);
            invocation.Printer.Print(answer, view);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>--data</c> (if any) with the named field options laid over it; null when neither was given.</summary>
    public static JsonObject? Body(ParseResult parse, CliEnvironment environment, IEnumerable<(string Field, Option<string?> Option)> fields)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        JsonObject? body = null;
        if (parse.GetValue(Data) is { } data)
        {
            string text = data == "-" ? environment.In.ReadToEnd() : data.StartsWith('@') ? ReadFile(data[1..]) : data;
            try
            {
                body = JsonNode.Parse(text) as JsonObject ?? throw new CliException(ExitCodes.Usage, "--data must be a JSON object.");
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new CliException(ExitCodes.Usage, $"--data is not valid JSON ({ex.Message}).");
            }
        }

        foreach ((string field, Option<string?> option) in fields)
        {
            if (parse.GetValue(option) is { } value)
            {
                (body ??= [])[field] = value;
            }
        }

        return body;
    }

    /// <summary>The secret value from <c>--value-file</c> or <c>--value-stdin</c> (one trailing newline dropped), or null.</summary>
    static string? SecretValue(ParseResult parse, CliEnvironment environment)
    {
        string? value = parse.GetValue(ValueFile) is { } file ? ReadFile(file) : parse.GetValue(ValueStdin) ? environment.In.ReadToEnd() : null;
        return value is null ? null : value.EndsWith("\r\n", StringComparison.Ordinal) ? value[..^2] : value.EndsWith('\n') ? value[..^1] : value;
    }

    /// <summary><c>assigneeAgentId</c> → <c>assignee-agent-id</c>.</summary>
    public static string Kebab(string name) => Upper().Replace(name ?? string.Empty, "-$1").ToLowerInvariant();

    static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"Cannot read {path} ({ex.Message}).");
        }
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Upper();
}
