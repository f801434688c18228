using Kdfm.Hub.Portal.Accounts;

namespace Kdfm.Hub.Portal.Pages.Shared;

/// <summary>
/// What the token table shows (a user's own tokens page, an administrator's user page): the rows, the time, and the page
/// (with its id route value, if any) whose Revoke handler its buttons post to.
/// </summary>
public sealed record TokenTable(IReadOnlyList<TokenRow> Tokens, DateTimeOffset Now, string Page, string? RouteId);
