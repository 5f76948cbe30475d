using Paperclip.Host.Hosting;

await using WebApplication app = await SelfHost.BuildAsync(args).ConfigureAwait(false);
await app.RunAsync().ConfigureAwait(false);
