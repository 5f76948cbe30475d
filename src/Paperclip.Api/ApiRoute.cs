namespace Paperclip.Api;

/// <summary>One HTTP endpoint of the API: method, template under <c>/api/</c>, a stable name and a summary.</summary>
public sealed record ApiRoute(string Method, string Template, string Name, string Summary, bool Anonymous = false)
{
    /// <summary>The full path template, e.g. <c>/api/companies/{companyId}</c>.</summary>
    public string Path => "/api/" + this.Template;
}
