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

    /// <summary>The problem for a <see cref="PaperclipException"/>.</summary>
    public static IResult Problem(PaperclipException error, string traceId) =>
        Results.Json(
            new Problem(Api.Problem.TypeOf(error.Code), error.Title, error.Status, error.Message, error.Code, error.Errors, traceId),
            PaperclipJson.Options,
            contentType: "application/problem+json",
            statusCode: error.Status);
}
