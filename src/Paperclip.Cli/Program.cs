using Paperclip.Cli;
using Paperclip.Cli.Commands;

return await CliApp.RunAsync(args, CliEnvironment.Current()).ConfigureAwait(false);
