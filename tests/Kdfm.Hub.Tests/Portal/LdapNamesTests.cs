using Kdfm.Hub.Portal.Directory;

namespace Kdfm.Hub.Tests.Portal;

public sealed class LdapNamesTests
{
    [Theory]
    [InlineData("jane@corp.example", "jane", "corp.example")]
    [InlineData("Jane.Doe@Corp.Example", "Jane.Doe", "corp.example")]
    [InlineData("j_doe-2@sub.corp.example", "j_doe-2", "sub.corp.example")]
    public void A_plain_name_at_a_domain_splits(string signIn, string name, string domain) =>
        Assert.Equal((name, domain), LdapNames.Split(signIn));

    [Theory]
    [InlineData("jane")]
    [InlineData("@corp.example")]
    [InlineData("jane@")]
    [InlineData("jane,ou=admins@corp.example")] // would change the DN
    [InlineData("*)(uid=*@corp.example")] // would change a search filter
    [InlineData("jane doe@corp.example")]
    [InlineData("jane@corp.example/x")]
    public void Anything_else_is_no_directory_name(string signIn) => Assert.Null(LdapNames.Split(signIn));

    [Theory]
    [InlineData("{0}@corp.example", "corp.example")]
    [InlineData("{0}@CORP.example", "corp.example")]
    [InlineData("uid={0},ou=people,dc=corp,dc=example", "corp.example")]
    [InlineData("CN={0}, OU=Staff, DC=Corp, DC=Example", "corp.example")]
    [InlineData("cn={0},o=nodomain", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_domain_of_a_bind_template(string? template, string? domain) => Assert.Equal(domain, LdapNames.DomainOf(template));

    [Fact]
    public void The_bind_name_puts_the_name_in_the_template_and_refuses_a_name_that_is_not_plain()
    {
        Assert.Equal("uid=jane,ou=people,dc=corp,dc=example", LdapNames.BindName("uid={0},ou=people,dc=corp,dc=example", "jane"));
        Assert.Equal("jane@corp.example", LdapNames.BindName("{0}@corp.example", "jane"));
        Assert.Throws<ArgumentException>(() => LdapNames.BindName("uid={0},dc=x", "a,b"));
        Assert.True(LdapNames.IsDnTemplate("uid={0},dc=x"));
        Assert.False(LdapNames.IsDnTemplate("{0}@corp.example"));
    }

    [Fact]
    public void Filter_values_are_escaped_as_rfc_4515_says() =>
        Assert.Equal(@"cn=a\2a\28b\29\5c\00", LdapNames.EscapeFilterValue("cn=a*(b)\\\0"));
}
