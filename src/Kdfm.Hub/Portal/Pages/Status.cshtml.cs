using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages;

/// <summary>
/// The page a person sees for an error status (403, 404, 400 …) of any portal page: re-executed at the URL they asked
/// for, with its status kept. "Not found" says the same whether a thing does not exist or belongs to another tenant.
/// </summary>
[AllowAnonymous]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = string.Empty;

    public string Explanation { get; private set; } = string.Empty;

    public void OnGet(int code) => Show(code);

    // A form posted to a page that answered with an error is re-executed as a POST: it shows the same page.
    public void OnPost(int code) => Show(code);

    private void Show(int code)
    {
        (Title, Explanation) = code switch
        {
            403 => ("Not allowed", "Your role does not include this. An administrator of your organisation can change your role."),
            404 => ("Not found", "There is nothing here that you can see. Check the address, or go back and follow a link."),
            400 => ("Not accepted", "The form had expired or was sent from elsewhere. Go back, reload the page and try again."),
            429 => ("Too many requests", "Wait a minute, then try again."),
            >= 500 => ("Something went wrong", "The hub could not answer. Its administrator finds the details in the hub's log."),
            _ => ("Not available", $"The hub answered with status {code}."),
        };
        Response.StatusCode = code is >= 400 and <= 599 ? code : 404;
    }
}
