using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Ports;

namespace Paperclip.Ssh;

/// <summary>Registers the SSH adapter.</summary>
public static class SshServiceCollectionExtensions
{
    /// <summary>Adds the environment probe (local and ssh).</summary>
    public static IServiceCollection AddPaperclipSsh(this IServiceCollection services)
    {
        services.AddSingleton<IEnvironmentProbe, SshEnvironmentProbe>();
        return services;
    }
}
