using Paperclip.Core.Validation;

namespace Paperclip.Api;

/// <summary>
/// How a route reads its JSON body: the command parser the handler uses, named once on the route. The OpenAPI
/// document's request schema is what that parser reads (<see cref="RequestBody.Describe"/>), so it cannot drift.
/// </summary>
public abstract class BodyReader
{
    readonly Lazy<BodyShape> shape;

    private protected BodyReader(bool required)
    {
        this.Required = required;
        this.shape = new Lazy<BodyShape>(() => RequestBody.Describe(b => this.ParseAny(b)));
    }

    /// <summary>True when the body must be present (else an empty body is the parser's null).</summary>
    public bool Required { get; }

    /// <summary>What the parser reads.</summary>
    public BodyShape Shape => this.shape.Value;

    /// <summary>Parses a body as the server does and drops the result: throws the server's own problem for a bad one.</summary>
    public void Validate(RequestBody body) => _ = this.ParseAny(body);

    private protected abstract object? ParseAny(RequestBody body);

    /// <summary>A body that must be present.</summary>
    public static BodyReader<T> Of<T>(Func<RequestBody, T> parse) => new(body => parse(body ?? throw new ArgumentNullException(nameof(body))), true);

    /// <summary>A body that may be absent.</summary>
    public static BodyReader<T> Optional<T>(Func<RequestBody?, T> parse) => new(parse, false);
}

/// <summary>A route's body parser, producing <typeparamref name="T"/>.</summary>
public sealed class BodyReader<T> : BodyReader
{
    internal BodyReader(Func<RequestBody?, T> parse, bool required)
        : base(required) => this.Parse = parse;

    /// <summary>Parses the body (null when it was empty and the route allows that).</summary>
    public Func<RequestBody?, T> Parse { get; }

    private protected override object? ParseAny(RequestBody body) => this.Parse(body);
}
