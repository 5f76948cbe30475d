using System.CommandLine;
using Paperclip.Api;
using Paperclip.Cli.Commands;

namespace Paperclip.Cli;

/// <summary>
/// The <c>paperclip</c> command line: nouns and verbs over the API (<c>paperclip issues list</c>), one exit code per
/// outcome (see <see cref="ExitCodes"/>), a one-line error on stderr — never a stack trace.
/// </summary>
public static class CliApp
{
    /// <summary>The process around the running command (set once per run).</summary>
    public static CliEnvironment Environment { get; private set; } = null!;

    /// <summary>Runs one command line to its exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Environment = environment;
        RootCommand root = Build();
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parse.Errors)
            {
                await environment.Error.WriteLineAsync("paperclip: " + error.Message).ConfigureAwait(false);
            }

            await environment.Error.WriteLineAsync("Run 'paperclip --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = environment.Out, Error = environment.Error }).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await environment.Error.WriteLineAsync("paperclip: " + ex.Message).ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await environment.Error.WriteLineAsync("paperclip: cancelled.").ConfigureAwait(false);
            return 130;
        }
    }

    static Command OpenApiCommand()
    {
        Command command = new("openapi", "Prints the API's OpenAPI document.");
        RouteCommand.Uses(ApiRoutes.OpenApi);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using Invocation invocation = new(parse, Environment);
            invocation.Printer.Json(await invocation.Client.SendAsync(ApiRoutes.OpenApi, new Dictionary<string, string>(), null, null, cancellationToken).ConfigureAwait(false));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The command tree.</summary>
    public static RootCommand Build()
    {
        RootCommand root = new("Paperclip: drive the control plane of a company whose staff are AI agents.");
        foreach (Option option in GlobalOptions.All)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(LoginCommand.Create());
        root.Subcommands.Add(ProfilesCommand.Create());
        root.Subcommands.Add(CompaniesCommand.Create());
        root.Subcommands.Add(AgentsCommand.Create());
        root.Subcommands.Add(AgentsCommand.Wakeup());
        root.Subcommands.Add(ProjectsCommand.Create());
        root.Subcommands.Add(IssuesCommand.Create());
        root.Subcommands.Add(InteractionsCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(WorkspacesCommand.Create());
        root.Subcommands.Add(EnvironmentsCommand.Create());
        root.Subcommands.Add(SecretsCommand.Create());
        root.Subcommands.Add(SecretsCommand.CreateVaults());
        root.Subcommands.Add(ActivityCommand.Create());
        root.Subcommands.Add(RouteCommand.Create("health", "Checks storage and the durable worker.", ApiRoutes.Health, Views.Health));
        root.Subcommands.Add(OpenApiCommand());
        root.Subcommands.Add(CompletionCommand.Create());
        return root;
    }
}
