using System.Reflection;

namespace Paperclip.Secrets.Tests;

/// <summary>Wraps the real store and fails the named method (storage failing mid-operation) while <see cref="FailOn"/> names it.</summary>
public class FaultyStore : DispatchProxy
{
    ISecretStore inner = null!;

    public string? FailOn { get; set; }

    public static (ISecretStore Store, FaultyStore Control) Wrap(ISecretStore inner)
    {
        ISecretStore proxy = Create<ISecretStore, FaultyStore>();
        FaultyStore control = (FaultyStore)(object)proxy;
        control.inner = inner;
        return (proxy, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == this.FailOn)
        {
            IOException failure = new($"injected storage failure in {targetMethod.Name}");
            return targetMethod.ReturnType.IsGenericType
                ? typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!.MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, [failure])
                : Task.FromException(failure);
        }

        try
        {
            return targetMethod.Invoke(this.inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
