using Paperclip.Host.Hosting;

WebApplication app;
try
{
    app = await SelfHost.BuildAsync(args).ConfigureAwait(false);
}
catch (InvalidOperationException ex)
{
    // A start-up problem the operator can fix (a key file others can read, Azurite missing): say it, no stack trace.
    await Console.Error.WriteLineAsync($"paperclip: {ex.Message}").ConfigureAwait(false);
    return 1;
}

await using (app.ConfigureAwait(false))
{
    await app.RunAsync().ConfigureAwait(false);
}

return 0;
