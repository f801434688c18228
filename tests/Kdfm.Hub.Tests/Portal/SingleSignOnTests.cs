using System.Net;
using System.Security.Cryptography;
using System.Text;
using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Sso;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// OpenID Connect single sign-on of a tenant against <see cref="TestIdentityProvider"/>: the challenge (client id,
/// redirect URI, PKCE), then the provider's answer turned into a portal session — the test plays the browser.
/// </summary>
public sealed class SingleSignOnTests : IAsyncLifetime
{
    private TestIdentityProvider _provider = null!;
    private TestHub _hub = null!;
    private int _tenant;

    public async Task InitializeAsync()
    {
        _provider = await TestIdentityProvider.StartAsync();
        _hub = await TestHub.StartAsync();
        await _hub.UserAsync("sam@corp.example", "corp", "technician");
        _tenant = await _hub.TenantAsync("corp");
        string secret = _hub.Started.App.Services.GetRequiredService<TenantSso>().ProtectSecret(TestIdentityProvider.ClientSecret);
        await _hub.WithDbAsync(async db =>
        {
            var tenant = await db.Tenants.FindAsync(_tenant);
            (tenant!.OidcAuthority, tenant.OidcClientId, tenant.OidcClientSecretProtected) = (_provider.Authority, TestIdentityProvider.ClientId, secret);
            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _provider.DisposeAsync();
    }

    private HttpClient Browser() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer(),
        SslOptions = TestHub.PinnedHandler(_hub.Started.Fingerprint).SslOptions,
    }) { BaseAddress = _hub.Url };

    /// <summary>Follows the sign-in link to the provider; the authorization request's parameters.</summary>
    private static async Task<Dictionary<string, string>> ChallengeAsync(HttpClient browser, TestIdentityProvider provider)
    {
        var challenge = await browser.GetAsync("sign-in/sso/corp");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!;
        Assert.Equal(provider.Authority + "/authorize", location.GetLeftPart(UriPartial.Path));
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    private async Task<HttpResponseMessage> AnswerAsync(HttpClient browser, Dictionary<string, string> request)
    {
        _provider.Nonce = request["nonce"];
        // response_mode=form_post: the provider's page posts the code and the state back to the redirect URI.
        return await browser.PostAsync(request["redirect_uri"], new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = TestIdentityProvider.Code, ["state"] = request["state"] }));
    }

    [Fact]
    public async Task The_challenge_goes_to_the_tenant_s_provider_with_its_client_id_the_callback_and_pkce()
    {
        using var browser = Browser();

        var request = await ChallengeAsync(browser, _provider);

        Assert.Equal(TestIdentityProvider.ClientId, request["client_id"]);
        Assert.Equal($"{_hub.Url}sign-in/sso/{_tenant}/callback", request["redirect_uri"]);
        Assert.Equal("code", request["response_type"]);
        Assert.Equal("openid profile email", request["scope"]);
        Assert.Equal("S256", request["code_challenge_method"]); // RFC 7636 §4.3
        Assert.Equal(43, request["code_challenge"].Length); // base64url of a SHA-256
        Assert.False(string.IsNullOrEmpty(request["state"]));
        Assert.False(string.IsNullOrEmpty(request["nonce"]));
    }

    [Fact]
    public async Task The_provider_s_answer_signs_in_the_tenant_s_user_with_that_e_mail()
    {
        using var browser = Browser();
        var request = await ChallengeAsync(browser, _provider);
        _provider.Email = "sam@corp.example";

        var answer = await AnswerAsync(browser, request);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/sign-in/continue", answer.Headers.Location!.OriginalString);
        var sent = _provider.TokenRequest!;
        Assert.Equal((TestIdentityProvider.ClientId, TestIdentityProvider.ClientSecret, "authorization_code"), (sent["client_id"], sent["client_secret"], sent["grant_type"]));
        string challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(sent["code_verifier"])));
        Assert.Equal(request["code_challenge"], challenge); // RFC 7636 §4.6
        var dashboard = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("<h1>Dashboard</h1>", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var signIn = await _hub.WithDbAsync(db => db.Audit.AsNoTracking().SingleAsync(a => a.Action == AuditActions.SignIn));
        Assert.Equal(("sam@corp.example", "single sign-on of corp"), (signIn.Target, signIn.Detail));
    }

    [Fact]
    public async Task An_e_mail_that_is_no_user_of_the_tenant_is_refused_and_audited()
    {
        await _hub.UserAsync("sam@other.example", "other", "viewer"); // a user, but of another tenant
        using var browser = Browser();
        var request = await ChallengeAsync(browser, _provider);
        _provider.Email = "sam@other.example";

        var answer = await AnswerAsync(browser, request);

        Assert.Equal("/sign-in?done=sso-unknown", answer.Headers.Location!.OriginalString);
        Assert.Contains("/sign-in", (await browser.GetAsync("/")).Headers.Location!.OriginalString, StringComparison.Ordinal); // not signed in
        var refused = await _hub.WithDbAsync(db => db.Audit.AsNoTracking().SingleAsync(a => a.Action == AuditActions.SignInFailed));
        Assert.Equal(("sam@other.example", "single sign-on of corp: no user of corp has this e-mail", _tenant), (refused.Target, refused.Detail, refused.TenantId));
    }

    [Fact]
    public async Task An_e_mail_the_provider_says_is_unverified_signs_no_one_in()
    {
        using var browser = Browser();
        var request = await ChallengeAsync(browser, _provider);
        _provider.Email = "sam@corp.example";
        _provider.EmailVerified = false;

        var answer = await AnswerAsync(browser, request);

        Assert.Equal("/sign-in?done=sso-unknown", answer.Headers.Location!.OriginalString);
        Assert.Contains("/sign-in", (await browser.GetAsync("/")).Headers.Location!.OriginalString, StringComparison.Ordinal);
        var refused = await _hub.WithDbAsync(db => db.Audit.AsNoTracking().SingleAsync(a => a.Action == AuditActions.SignInFailed));
        Assert.Equal("single sign-on of corp: the provider says this e-mail is not verified", refused.Detail);
    }

    [Fact]
    public async Task A_tenant_without_single_sign_on_has_no_sso_link()
    {
        using var browser = Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("sign-in/sso/other-tenant")).StatusCode);
        string page = await (await browser.GetAsync("sign-in?tenant=corp")).Content.ReadAsStringAsync();
        Assert.Contains("Sign in with corp SSO", page, StringComparison.Ordinal);
        Assert.DoesNotContain("SSO", await (await browser.GetAsync("sign-in")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
