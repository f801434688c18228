using System.Security.Cryptography;
using Kdfm.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// A tiny OpenID Connect provider on a loopback port: a discovery document, its signing key (JWKS), and a token endpoint
/// that answers one authorization code with an id_token signed by its own RSA key for the e-mail the test chose. It
/// records what the client sent (the PKCE verifier included). Its authorization page signs in at once.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "kdfm-portal";
    public const string ClientSecret = "test client secret";
    public const string Code = "the-authorization-code";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly WebApplication _app;

    private TestIdentityProvider(int port)
    {
        Authority = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Authority);
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority, ["authorization_endpoint"] = Authority + "/authorize", ["token_endpoint"] = Authority + "/token", ["jwks_uri"] = Authority + "/jwks",
            ["response_types_supported"] = new[] { "code" }, ["subject_types_supported"] = new[] { "public" }, ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        _app.MapGet("/jwks", () =>
        {
            var parameters = _rsa.ExportParameters(false);
            return Results.Json(new
            {
                keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "test-key", n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } },
            });
        });
        // The provider's sign-in page, signed in at once: it posts the code back (response_mode=form_post) as real ones do.
        _app.MapGet("/authorize", (HttpRequest request) =>
        {
            Nonce = request.Query["nonce"];
            string action = System.Net.WebUtility.HtmlEncode(request.Query["redirect_uri"].ToString());
            string state = System.Net.WebUtility.HtmlEncode(request.Query["state"].ToString());
            return Results.Content($"""
                <!DOCTYPE html><html><body>
                <form method="post" action="{action}"><input type="hidden" name="code" value="{Code}" /><input type="hidden" name="state" value="{state}" /></form>
                <script>document.forms[0].submit();</script>
                </body></html>
                """, "text/html");
        });
        _app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            TokenRequest = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            if (form["code"] != Code || Nonce is null)
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            var now = DateTime.UtcNow;
            string idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Authority, Audience = ClientId, IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(5),
                Claims = EmailVerified is { } verified
                    ? new Dictionary<string, object> { ["sub"] = "user-1", ["email"] = Email, ["email_verified"] = verified, ["nonce"] = Nonce }
                    : new Dictionary<string, object> { ["sub"] = "user-1", ["email"] = Email, ["nonce"] = Nonce },
                SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = "an-access-token", token_type = "Bearer", expires_in = 300, id_token = idToken });
        });
    }

    public string Authority { get; }

    /// <summary>The e-mail the next id_token carries.</summary>
    public string Email { get; set; } = string.Empty;

    /// <summary>The email_verified claim of the next id_token (none when null, as Entra ID sends it).</summary>
    public bool? EmailVerified { get; set; }

    /// <summary>The nonce of the authorization request (the test reads it off the redirect, as the provider's page would).</summary>
    public string? Nonce { get; set; }

    /// <summary>The form of the last token request.</summary>
    public IReadOnlyDictionary<string, string>? TokenRequest { get; private set; }

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var provider = new TestIdentityProvider(FreePort.Tcp());
        await provider._app.StartAsync();
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}
