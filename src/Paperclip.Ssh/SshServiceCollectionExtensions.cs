using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Ports;
using Paperclip.Ssh.Runs;

namespace Paperclip.Ssh;

/// <summary>Registers the SSH adapter.</summary>
public static class SshServiceCollectionExtensions
{
    /// <summary>Adds the environment probe (local and ssh) and, off Windows, remote runs on ssh environments (<c>Paperclip:Ssh</c>).</summary>
    public static IServiceCollection AddPaperclipSsh(this IServiceCollection services)
    {
        services.AddOptions<SshOptions>().BindConfiguration(SshOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IEnvironmentProbe, SshEnvironmentProbe>();

        // The merge back writes with POSIX rename and flock semantics.
        if (!OperatingSystem.IsWindows())
        {
            services.AddSingleton<IRemoteWorkspaces, SshRemoteWorkspaces>();
        }

        return services;
    }
}
