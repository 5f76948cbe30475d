using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Paperclip.Api;

/// <summary>
/// Holds each answer to its route's declared contract: a success carries the declared status and a body of the
/// declared type, so the OpenAPI document (generated from the declarations) describes what is really sent. A
/// mismatch is a programming error, found by the test suite, which calls every route.
/// </summary>
internal static class ContractCheck
{
    public static IResult Verified(ApiRoute route, IResult result)
    {
        if (result is not JsonHttpResult<object> json)
        {
            // Problems are typed (JsonHttpResult<Problem>); streams and text have no JSON body to hold.
            return result;
        }

        int status = json.StatusCode ?? 200;
        if (status != route.Status && status != route.AlternateStatus)
        {
            throw new InvalidOperationException($"Route {route.Name} answered {status}; it declares {route.Status}.");
        }

        if (route.Response is not { } declared || (json.Value is not null and not JsonObject && !declared.IsInstanceOfType(json.Value)))
        {
            throw new InvalidOperationException($"Route {route.Name} answered a {json.Value?.GetType().Name}; it declares {route.Response?.Name ?? "no JSON body"}.");
        }

        return result;
    }
}
