using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Services.Workspaces;

namespace Paperclip.Core.Services.Environments;

/// <summary>
/// Upstream's write-time guards on an environment selection (an agent's <c>defaultEnvironmentId</c>, an issue's or a
/// project's <c>environmentId</c>), each 422 with upstream's message: the id must name an environment of the company
/// (or be the built-in <c>local</c>), active, with a driver the selection allows. A null or absent id is not checked.
/// </summary>
public sealed class EnvironmentSelection(IEnvironmentRepository environments)
{
    /// <summary>The stable code of a selection the guards refuse.</summary>
    public const string Invalid = "invalid_environment_selection";

    /// <summary>The drivers an issue or a project may select (upstream's: both).</summary>
    public static readonly IReadOnlyList<EnvironmentDriver> AnyDriver = [EnvironmentDriver.Local, EnvironmentDriver.Ssh];

    /// <summary>
    /// The drivers an adapter can execute in (upstream's <c>supportedEnvironmentDriversForAdapter</c>). The process
    /// adapter runs its command through the execution target, so on this machine and on an SSH box alike; an adapter
    /// that is not known here runs only locally.
    /// </summary>
    public static IReadOnlyList<EnvironmentDriver> DriversFor(string adapterType) =>
        adapterType == "process" ? [EnvironmentDriver.Local, EnvironmentDriver.Ssh] : [EnvironmentDriver.Local];

    /// <summary><c>GET …/environments/capabilities</c>: per adapter and overall, each driver <c>supported</c> or <c>unsupported</c>.</summary>
    public static EnvironmentCapabilities Capabilities(IEnumerable<string> adapterTypes)
    {
        static Dictionary<string, string> Table(IReadOnlyList<EnvironmentDriver> supported) =>
            Enum.GetValues<EnvironmentDriver>().ToDictionary(PaperclipJson.EnumValue, d => supported.Contains(d) ? "supported" : "unsupported");

        return new EnvironmentCapabilities(
            adapterTypes.Select(a => new AdapterCapabilities(a, Table(DriversFor(a)))).ToArray(),
            Table(AnyDriver));
    }

    /// <summary>Checks <paramref name="environmentId"/> for a selection that allows <paramref name="allowed"/>.</summary>
    public async Task EnsureSelectableAsync(Guid companyId, string? environmentId, string field, IReadOnlyList<EnvironmentDriver> allowed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (environmentId is null || string.Equals(environmentId, ExecutionWorkspaceService.LocalEnvironmentId, StringComparison.Ordinal))
        {
            return;
        }

        ExecutionEnvironment environment = (Guid.TryParse(environmentId, out Guid id) ? await environments.GetAsync(companyId, id, cancellationToken).ConfigureAwait(false) : null)?.Value
            ?? throw Refused(field, "Environment not found.");
        if (environment.Status != EnvironmentStatus.Active)
        {
            throw Refused(field, "Environment is archived.");
        }

        if (!allowed.Contains(environment.Driver))
        {
            throw Refused(field, $"Environment driver \"{PaperclipJson.EnumValue(environment.Driver)}\" is not allowed here. Allowed drivers: {string.Join(", ", allowed.Select(PaperclipJson.EnumValue))}");
        }
    }

    static PaperclipException Refused(string field, string message) =>
        new(422, Invalid, "Invalid environment selection", message, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Which drivers each adapter can execute in (<c>supported</c> | <c>unsupported</c> by driver), and which drivers exist.</summary>
public sealed record EnvironmentCapabilities(IReadOnlyList<AdapterCapabilities> Adapters, IReadOnlyDictionary<string, string> Drivers);

/// <summary>One adapter's drivers.</summary>
public sealed record AdapterCapabilities(string AdapterType, IReadOnlyDictionary<string, string> Drivers);
