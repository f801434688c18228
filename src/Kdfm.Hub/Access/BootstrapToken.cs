using Kdfm.Hub.Security;

namespace Kdfm.Hub.Access;

/// <summary>The admin token of the data directory (or Hub:AdminToken), kept only as its hash.</summary>
public sealed class BootstrapToken(string token)
{
    private readonly string _hash = Secrets.Hash(token);

    public bool Matches(string candidate) => Secrets.Matches(candidate, _hash);
}
