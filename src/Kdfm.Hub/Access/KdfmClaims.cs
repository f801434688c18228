namespace Kdfm.Hub.Access;

/// <summary>The hub's own claims on a principal (the user's id is the standard NameIdentifier).</summary>
public static class KdfmClaims
{
    /// <summary>How the request is authenticated: "cookie" (the portal), "token" (a personal API token) or "bootstrap".</summary>
    public const string Via = "kdfm:via";

    /// <summary>The API token's id, for a request made with one.</summary>
    public const string TokenId = "kdfm:token";

    public const string ViaCookie = "cookie";
    public const string ViaToken = "token";
    public const string ViaBootstrap = "bootstrap";
}
