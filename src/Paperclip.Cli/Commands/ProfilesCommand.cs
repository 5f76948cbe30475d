using System.CommandLine;
using System.Text.Json.Nodes;
using Paperclip.Cli.Connection;

namespace Paperclip.Cli.Commands;

/// <summary><c>paperclip profiles</c>: the saved connections (their keys never shown).</summary>
public static class ProfilesCommand
{
    /// <summary>The command group.</summary>
    public static Command Create()
    {
        Command group = new("profiles", "Saved connections: list, use, remove (keys are never shown).");
        Command list = new("list", "Lists the saved profiles; * marks the current one.");
        list.SetAction(parse =>
        {
            CliEnvironment environment = CliApp.Environment;
            ProfileFile file = environment.Profiles.Read();
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonArray rows = [.. file.Profiles.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new JsonObject { ["name"] = p.Key, ["url"] = p.Value.Url, ["company"] = p.Value.Company, ["current"] = p.Key == file.Current })];
                environment.Out.WriteLine(rows.ToJsonString());
                return ExitCodes.Ok;
            }

            foreach ((string name, Profile profile) in file.Profiles.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                environment.Out.WriteLine($"{(name == file.Current ? "*" : " ")} {name}\t{profile.Url}\t{profile.Company ?? "(no company)"}");
            }

            return ExitCodes.Ok;
        });
        group.Subcommands.Add(list);

        Argument<string> chosen = new("name") { Description = "The profile's name." };
        Command use = new("use", "Makes a saved profile the current one.");
        use.Arguments.Add(chosen);
        use.SetAction(parse => Change(parse.GetValue(chosen)!, (file, name) => file.Current = name, "is now the current profile"));
        group.Subcommands.Add(use);

        Argument<string> removed = new("name") { Description = "The profile's name." };
        Command remove = new("remove", "Forgets a saved profile and its key.");
        remove.Arguments.Add(removed);
        remove.SetAction(parse => Change(parse.GetValue(removed)!, (file, name) =>
        {
            file.Profiles.Remove(name);
            file.Current = file.Current == name ? null : file.Current;
        }, "was removed"));
        group.Subcommands.Add(remove);
        return group;
    }

    static int Change(string name, Action<ProfileFile, string> change, string done)
    {
        CliEnvironment environment = CliApp.Environment;
        ProfileFile file = environment.Profiles.Read();
        if (!file.Profiles.ContainsKey(name))
        {
            throw new CliException(ExitCodes.Usage, $"No profile named '{name}' in {environment.Profiles.Path}.");
        }

        change(file, name);
        environment.Profiles.Write(file);
        environment.Error.WriteLine($"Profile '{name}' {done}.");
        return ExitCodes.Ok;
    }
}
