using System.CommandLine;
using Paperclip.Api;
using Paperclip.Cli.Connection;
using Paperclip.Cli.Http;

namespace Paperclip.Cli.Commands;

/// <summary>
/// <c>paperclip login</c>: checks a URL and key against the API and saves them as a profile (0600). The key comes from
/// a file, stdin, or the self-host's <c>.data/board.key</c> — never from the command line.
/// </summary>
public static class LoginCommand
{
    static readonly Option<bool> KeyStdin = new("--key-stdin") { Description = "Read the key from stdin (its first line)." };
    static readonly Option<string?> SelfHost = new("--self-host") { Description = "Use the board key the self-host wrote under DIR/.data (default: the current directory).", Arity = ArgumentArity.ZeroOrOne };

    /// <summary>The command.</summary>
    public static Command Create()
    {
        Command command = new("login", "Saves a URL and key as a profile (the current one), after checking them against the API.");
        command.Options.Add(KeyStdin);
        command.Options.Add(SelfHost);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CliEnvironment environment = CliApp.Environment;
            string? key = parse.GetValue(GlobalOptions.KeyFile) is { } file ? Endpoint.ReadKeyFile(file)
                : parse.GetValue(KeyStdin) ? environment.In.ReadLine()?.Trim()
                : parse.GetResult(SelfHost) is not null ? Endpoint.ReadKeyFile(Path.Combine(parse.GetValue(SelfHost) ?? Directory.GetCurrentDirectory(), ".data", "board.key"))
                : environment.Variable("PAPERCLIP_API_KEY");
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new CliException(ExitCodes.Usage, "No key given: pass --key-file FILE, --key-stdin, or --self-host [DIR] (or set PAPERCLIP_API_KEY).");
            }

            string name = parse.GetValue(GlobalOptions.Profile) ?? "default";
            ProfileFile saved = environment.Profiles.Read();
            saved.Profiles.TryGetValue(name, out Profile? before);
            string url = (parse.GetValue(GlobalOptions.Url) ?? environment.Variable("PAPERCLIP_API_URL") ?? before?.Url ?? Endpoint.DefaultUrl).TrimEnd('/');
            Endpoint endpoint = new(Endpoint.ParseUrl(url), key, null, name);

            // The key must work before it is saved: the companies it can see say so.
            using PaperclipClient client = new(endpoint);
            int companies = (await client.SendAsync(ApiRoutes.ListCompanies, new Dictionary<string, string>(), null, null, cancellationToken).ConfigureAwait(false))?.AsArray().Count ?? 0;
            saved.Profiles[name] = new Profile(url, key, parse.GetValue(GlobalOptions.Company) ?? before?.Company);
            saved.Current = name;
            environment.Profiles.Write(saved);
            await environment.Error.WriteLineAsync($"Logged in to {url} as profile '{name}' ({companies} compan{(companies == 1 ? "y" : "ies")} visible); saved in {environment.Profiles.Path}.").ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                await environment.Out.WriteLineAsync(new System.Text.Json.Nodes.JsonObject { ["profile"] = name, ["url"] = url, ["companies"] = companies, ["config"] = environment.Profiles.Path }.ToJsonString()).ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
