namespace Kdfm.Simulator.Web;

/// <summary>The TCP ports every device's web site listens on (<c>--http</c>, <c>--https</c>); null = that scheme is off.</summary>
internal readonly record struct WebPorts(int? Http, int? Https)
{
    public bool Any => Http is not null || Https is not null;

    /// <summary>The option that set <paramref name="port"/>, for error lines.</summary>
    public string OptionOf(int port) => port == Http ? "--http" : "--https";

    /// <summary>As the ready line gives it: "web http 8080 https 8443".</summary>
    public string Describe() =>
        "web" + (Http is int http ? $" http {http}" : string.Empty) + (Https is int https ? $" https {https}" : string.Empty);
}
