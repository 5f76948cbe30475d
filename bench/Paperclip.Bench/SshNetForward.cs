using System.Globalization;
using System.Net;
using Renci.SshNet;

namespace Paperclip.Bench;

/// <summary>
/// SSH.NET's own remote forward of a port of the box straight to the API (<see cref="ForwardedPortRemote"/> on the run's
/// connection, no bridge, the API's own key): what the SSH library costs over OpenSSH's client
/// (<see cref="OpenSshForward"/>), the second floor under the tunnel mode, whose forward is this one pointed at the bridge.
/// </summary>
sealed class SshNetForward : IDisposable
{
    readonly SshClient client;
    readonly ForwardedPortRemote port;

    SshNetForward(SshClient client, ForwardedPortRemote port)
    {
        this.client = client;
        this.port = port;
    }

    /// <summary>The box's loopback URL that reaches the API through the forward.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{this.port.BoundPort}");

    public static SshNetForward Start(SshClient client, Uri api)
    {
        ForwardedPortRemote port = new(IPAddress.Loopback, 0, IPAddress.Loopback, (uint)api.Port);
        client.AddForwardedPort(port);
        port.Start();
        return new SshNetForward(client, port);
    }

    public void Dispose()
    {
        this.port.Stop();
        this.client.RemoveForwardedPort(this.port);
        this.port.Dispose();
    }
}
