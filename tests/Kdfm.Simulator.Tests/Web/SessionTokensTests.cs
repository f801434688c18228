using System.Net;
using Kdfm.Simulator.Web;

namespace Kdfm.Simulator.Tests.Web;

public class SessionTokensTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] Nonce = [.. Enumerable.Range(100, 16).Select(i => (byte)i)];
    private static readonly IPAddress DeviceA = IPAddress.Parse("127.20.0.1");
    private static readonly IPAddress DeviceB = IPAddress.Parse("127.20.0.2");

    [Fact]
    public void A_token_opens_the_device_that_issued_it_and_no_other()
    {
        var tokens = new SessionTokens(Key);
        string token = tokens.Issue(DeviceA, Nonce);
        Assert.Equal(43, token.Length); // 32 bytes in base64url without padding
        Assert.True(tokens.IsValid(DeviceA, token));
        Assert.False(tokens.IsValid(DeviceB, token));
        Assert.False(new SessionTokens([.. Key.Reverse()]).IsValid(DeviceA, token));
    }

    [Fact]
    public void The_same_nonce_gives_the_same_token_and_sign_ins_differ()
    {
        var tokens = new SessionTokens(Key);
        Assert.Equal(tokens.Issue(DeviceA, Nonce), tokens.Issue(DeviceA, Nonce));
        Assert.NotEqual(tokens.Issue(DeviceA), tokens.Issue(DeviceA));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("admin")]
    [InlineData("not base64url, but 43 characters long: ....")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Anything_else_is_refused_without_an_exception(string? token)
    {
        Assert.False(new SessionTokens(Key).IsValid(DeviceA, token));
    }

    [Fact]
    public void A_changed_character_is_refused()
    {
        var tokens = new SessionTokens(Key);
        string token = tokens.Issue(DeviceA, Nonce);
        for (int i = 0; i < token.Length; i++)
        {
            var changed = token.ToCharArray();
            changed[i] = changed[i] == 'A' ? 'B' : 'A';
            Assert.False(tokens.IsValid(DeviceA, new string(changed)), $"changed at {i}");
        }
    }
}
