using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Kdfm.Simulator.Tests.Web;

/// <summary>HTTP clients that show the device's answers as they are: no redirect followed, no cookie kept for the test.</summary>
internal static class WebClients
{
    public static HttpClient Plain() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    /// <summary>A client that accepts any server certificate and hands each one, with what .NET found wrong with it, to <paramref name="seen"/>.</summary>
    public static HttpClient AcceptingAnyCertificate(Action<X509Certificate2, SslPolicyErrors> seen) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                seen(X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData()), errors);
                return true;
            },
        },
    });

    public static HttpRequestMessage Get(Uri uri, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return request;
    }

    public static HttpRequestMessage Login(Uri uri, string user, string password) => new(HttpMethod.Post, uri)
    {
        Content = new FormUrlEncodedContent([new("user", user), new("password", password)]),
    };

    public static string? MediaType(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType;
}
