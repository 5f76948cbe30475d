using Microsoft.AspNetCore.Http;
using Paperclip.Core;
using Paperclip.Core.Errors;

namespace Paperclip.Api;

/// <summary>JSON and problem+json results in the product's JSON shape.</summary>
public static class ApiResults
{
    /// <summary>200 with a body.</summary>
    public static IResult Ok(object value) => Results.Json(value, PaperclipJson.Options);

    /// <summary>Any status with a body.</summary>
    public static IResult Json(object value, int status) => Results.Json(value, PaperclipJson.Options, statusCode: status);

    /// <summary>The problem for a <see cref="PaperclipException"/> (with <c>Retry-After</c> when the error sets one).</summary>
    public static IResult Problem(PaperclipException error, string traceId)
    {
        ArgumentNullException.ThrowIfNull(error);
        Problem problem = new(Api.Problem.TypeOf(error.Code), error.Title, error.Status, error.Message, error.Code, error.Errors, traceId)
        {
            Extensions = error.Extensions?.ToDictionary(e => e.Key, e => e.Value),
        };
        IResult json = Results.Json(problem, PaperclipJson.Options, contentType: "application/problem+json", statusCode: error.Status);
        return error.RetryAfterSeconds is { } seconds ? new WithHeader(json, "Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)) : json;
    }

    /// <summary>A result plus one response header.</summary>
    sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
