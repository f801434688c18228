namespace Kdfm.Hub.Tests.Portal;

/// <summary>The portal's browser tests share one Chromium (<see cref="BrowserFixture"/>) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
