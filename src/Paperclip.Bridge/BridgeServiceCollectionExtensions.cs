using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Ports;

namespace Paperclip.Bridge;

/// <summary>Registers the callback bridge's host side.</summary>
public static class BridgeServiceCollectionExtensions
{
    /// <summary>Adds the bridge (<c>Paperclip:Bridge</c>); it listens only once a remote run registers.</summary>
    public static IServiceCollection AddPaperclipBridge(this IServiceCollection services)
    {
        services.AddOptions<BridgeOptions>().BindConfiguration(BridgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CallbackBridgeServer>();
        services.AddSingleton<ICallbackBridge>(sp => sp.GetRequiredService<CallbackBridgeServer>());
        return services;
    }
}
