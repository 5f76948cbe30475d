using System.CommandLine;
using Paperclip.Cli.Connection;
using Paperclip.Cli.Http;
using Paperclip.Cli.Output;

namespace Paperclip.Cli.Commands;

/// <summary>The options every command takes (recursive: they may follow any subcommand).</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Url = new("--url") { Description = "The control plane's URL (else PAPERCLIP_API_URL, the profile's, or http://127.0.0.1:7071).", Recursive = true };
    public static readonly Option<string?> KeyFile = new("--key-file") { Description = "A file whose first line is the API key (else PAPERCLIP_API_KEY, or the profile's).", Recursive = true };
    public static readonly Option<string?> Profile = new("--profile") { Description = "The saved profile to use (else PAPERCLIP_PROFILE, or the current one).", Recursive = true };
    public static readonly Option<string?> Company = new("--company") { Description = "The company to act in (else PAPERCLIP_COMPANY_ID, or the profile's).", Recursive = true };
    public static readonly Option<bool> Json = new("--json") { Description = "Print the API's JSON as it came, for scripts.", Recursive = true };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print ids only.", Recursive = true };

    public static IEnumerable<Option> All => [Url, KeyFile, Profile, Company, Json, Quiet];
}

/// <summary>What one command runs with: where it connects, the client, the printer, the process's environment.</summary>
public sealed class Invocation(ParseResult parse, CliEnvironment environment) : IDisposable
{
    readonly Lazy<PaperclipClient> client = new(() => new PaperclipClient(Endpoint.Resolve(
        parse.GetValue(GlobalOptions.Url), parse.GetValue(GlobalOptions.KeyFile), parse.GetValue(GlobalOptions.Company), parse.GetValue(GlobalOptions.Profile), environment.Profiles, environment.Variable)));

    /// <summary>The parsed command line.</summary>
    public ParseResult Parse { get; } = parse;

    /// <summary>The process's streams, variables and config store.</summary>
    public CliEnvironment Environment { get; } = environment;

    /// <summary>The API client (resolved on first use, so commands that need no connection make none).</summary>
    public PaperclipClient Client => this.client.Value;

    /// <summary>The company the command acts in.</summary>
    public string Company => this.Client.Endpoint.RequireCompany();

    /// <summary>How answers print.</summary>
    public Printer Printer { get; } = new(environment.Out, environment.Error,
        parse.GetValue(GlobalOptions.Json) ? OutputMode.Json : parse.GetValue(GlobalOptions.Quiet) ? OutputMode.Quiet : OutputMode.Table,
        environment.Terminal, environment.Terminal && string.IsNullOrEmpty(environment.Variable("NO_COLOR")));

    /// <inheritdoc/>
    public void Dispose()
    {
        if (this.client.IsValueCreated)
        {
            this.client.Value.Dispose();
        }
    }
}

/// <summary>The process around the CLI: its streams, whether stdout is a terminal, its variables, its config.</summary>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, TextReader In, bool Terminal, Func<string, string?> Variable, ProfileStore Profiles)
{
    /// <summary>This process's.</summary>
    public static CliEnvironment Current()
    {
        bool terminal = !System.Console.IsOutputRedirected;
        return new CliEnvironment(System.Console.Out, System.Console.Error, System.Console.In, terminal, System.Environment.GetEnvironmentVariable, ProfileStore.ForEnvironment(System.Environment.GetEnvironmentVariable));
    }
}
