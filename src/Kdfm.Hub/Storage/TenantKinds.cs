namespace Kdfm.Hub.Storage;

/// <summary>The levels of the tenant tree: dealer > customer > site.</summary>
public static class TenantKinds
{
    public const string Dealer = "dealer";
    public const string Customer = "customer";
    public const string Site = "site";

    public static readonly IReadOnlyList<string> All = [Dealer, Customer, Site];

    /// <summary>The kind a child of <paramref name="parentKind"/> may be: a dealer has customers, a customer has sites.</summary>
    public static bool MayBeUnder(string kind, string? parentKind) => (kind, parentKind) switch
    {
        (Dealer, null) => true,
        (Customer, Dealer) => true,
        (Site, Customer) => true,
        _ => false,
    };
}
