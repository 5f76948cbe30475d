using System.CommandLine;

namespace Paperclip.Cli.Commands;

/// <summary>
/// <c>paperclip completion bash|zsh</c>: prints a completion script. Both ask the CLI itself what may come next
/// (System.CommandLine's <c>[suggest]</c> directive), so completion follows the installed version's commands.
/// </summary>
public static class CompletionCommand
{
    const string Bash = """
        # paperclip completion for bash: eval "$(paperclip completion bash)" (e.g. in ~/.bashrc)
        _paperclip_complete() {
          local IFS=$'\n'
          COMPREPLY=($(compgen -W "$(paperclip "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _paperclip_complete paperclip
        """;

    const string Zsh = """
        # paperclip completion for zsh: eval "$(paperclip completion zsh)" (e.g. in ~/.zshrc, after compinit)
        _paperclip() {
          local -a suggestions
          suggestions=("${(@f)$(paperclip "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)}")
          compadd -- $suggestions
        }
        compdef _paperclip paperclip
        """;

    /// <summary>The command.</summary>
    public static Command Create()
    {
        Command command = new("completion", "Prints a shell completion script: eval \"$(paperclip completion bash)\".");
        Argument<string> shell = new("shell") { Description = "bash or zsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        command.Arguments.Add(shell);
        command.SetAction(parse =>
        {
            CliApp.Environment.Out.WriteLine(parse.GetValue(shell) == "zsh" ? Zsh : Bash);
            return ExitCodes.Ok;
        });
        return command;
    }
}
