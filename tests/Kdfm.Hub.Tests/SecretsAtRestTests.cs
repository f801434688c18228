using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kdfm.Agent.V1;
using Kdfm.Hub.Agents;
using Kdfm.Hub.Storage;
using Kdfm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kdfm.Hub.Tests;

/// <summary>What the hub keeps on disk and in its database, and who may read it (Unix file modes: Linux only, as the hub).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretsAtRestTests
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly object[] Profiles =
        [new { name = "site-v3", version = "3", user = "monitor", auth = "SHA-256", authPassphrase = "auth-secret-1", priv = "AES", privPassphrase = "priv-secret-1" },
         new { name = "site-v2", version = "2c", community = "community-secret-1" }];

    private static async Task<string> PostSetConfigAsync(TestHub hub, string agent)
    {
        var posted = await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind = "set-config", config = new { version = 2, targets = new[] { "127.20.0.0/29" }, profiles = Profiles } });
        Assert.Equal(System.Net.HttpStatusCode.Created, posted.StatusCode);
        return (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string> StoredConfigAsync(TestHub hub, string taskId)
    {
        using var scope = hub.Started.App.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<HubDb>().Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId)).ConfigJson!;
    }

    private static void AssertNoSecrets(string configJson)
    {
        Assert.Contains("site-v3", configJson, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", configJson, StringComparison.Ordinal);
    }

    /// <summary>A connection of the test's own, not pooled, that has read the database (so its WAL and shared memory exist).</summary>
    private static async Task<Microsoft.Data.Sqlite.SqliteConnection> OpenAsync(string data)
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "hub.db")};Pooling=False");
        await connection.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT count(*) FROM sqlite_master";
        await read.ExecuteScalarAsync();
        return connection;
    }

    /// <summary>Whether the bytes of <paramref name="secret"/> are anywhere in the database file or its write-ahead log.</summary>
    private static bool OnDisk(string data, string secret)
    {
        byte[] needle = System.Text.Encoding.UTF8.GetBytes(secret);
        foreach (string file in new[] { "hub.db", "hub.db-wal" }.Select(f => Path.Combine(data, f)).Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            if (copy.GetBuffer().AsSpan(0, (int)copy.Length).IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task Secrets_withdrawn_from_the_database_leave_its_files()
    {
        await using var hub = await TestHub.StartAsync();
        // Held open: another test's ClearAllPools would close the hub's connections, and the last one to close checkpoints
        // and deletes the WAL, which would hide whether the hub does it.
        await using var held = await OpenAsync(hub.Options.DataDirectory);
        var (agent, credential) = await hub.ActivateAsync();
        var (other, _) = await hub.ActivateAsync();
        await PostSetConfigAsync(hub, agent);
        await PostSetConfigAsync(hub, other);
        Assert.True(OnDisk(hub.Options.DataDirectory, "priv-secret-1"));

        // Handed out to one agent, withdrawn from the other by its revocation: no copy stays in free space or the WAL.
        Assert.Single((await hub.Grpc().PollAsync(new PollRequest(), TestHub.Auth(agent, credential))).Tasks);
        (await hub.Api.PostAsync($"api/v1/agents/{other}/revoke", null)).EnsureSuccessStatusCode();

        await Eventually.True(() => !OnDisk(hub.Options.DataDirectory, "priv-secret-1") && !OnDisk(hub.Options.DataDirectory, "community-secret-1"),
            "the SNMP secrets gone from hub.db and hub.db-wal");
    }

    [Fact]
    public async Task The_hubs_database_connections_overwrite_what_they_delete()
    {
        await using var hub = await TestHub.StartAsync();
        long secureDelete = await hub.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var pragma = db.Database.GetDbConnection().CreateCommand();
            pragma.CommandText = "PRAGMA secure_delete";
            return (long)(await pragma.ExecuteScalarAsync())!;
        });
        Assert.Equal(1, secureDelete);
    }

    [Fact]
    public async Task A_shared_directory_or_another_users_is_refused_as_the_data_directory_and_left_as_it_was()
    {
        using var root = new TempDirectory("kdfm-hub-shared-");
        string shared = Path.Combine(root.Path, "shared");
        Directory.CreateDirectory(shared);
        var everyone = (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit; // 1777, as /tmp
        File.SetUnixFileMode(shared, everyone);

        var refused = Assert.Throws<Cli.HubConfigurationException>(() => HubApp.Build(new HubOptions { DataDirectory = shared, HttpsPort = FreePort.Tcp(), MqttTlsPort = 0 }));
        Assert.Equal($"Hub:DataDirectory: {shared}: refused: a shared directory (sticky bit, as /tmp): the hub makes its data directory owner-only (0700); " +
            $"give it one of its own, such as {shared}/kdfm-hub", refused.Message);
        Assert.Equal(everyone, File.GetUnixFileMode(shared));
        Assert.Empty(Directory.EnumerateFileSystemEntries(shared));

        // Another user's directory (as root, the hub could narrow it; it must not).
        string foreign = Path.Combine(root.Path, "foreign");
        Directory.CreateDirectory(foreign);
        var open = (UnixFileMode)0b111_101_101; // 0755
        File.SetUnixFileMode(foreign, open);
        string owner = Environment.UserName == "root" ? "65534" : "0"; // nobody, or (not root) a directory we cannot own: root's
        if (Environment.UserName == "root")
        {
            var (exit, _, error) = await CommandLine.RunAsync("chown", [owner, foreign]);
            Assert.True(exit == 0, error);
        }
        else
        {
            foreign = "/usr";
        }

        var other = Assert.Throws<Cli.HubConfigurationException>(() => HubApp.Build(new HubOptions { DataDirectory = foreign, HttpsPort = FreePort.Tcp(), MqttTlsPort = 0 }));
        Assert.StartsWith($"Hub:DataDirectory: {foreign}: refused: belongs to another user (uid {owner}; ", other.Message, StringComparison.Ordinal);
        if (Environment.UserName == "root")
        {
            Assert.Equal(open, File.GetUnixFileMode(foreign));
        }
    }

    [Fact]
    public async Task The_data_directory_is_owner_only_and_so_are_the_database_and_its_wal_and_shm()
    {
        using var root = new TempDirectory("kdfm-hub-modes-");
        string data = Path.Combine(root.Path, "nested", "hub");
        await using (var hub = await TestHub.StartAsync(o => o.DataDirectory = data))
        {
            await hub.ActivateAsync(); // writes through the WAL
            // Held open, so that the WAL stays while the modes are read: another test's ClearAllPools closes the hub's
            // connections, and the last one to close deletes the WAL.
            await using var held = await OpenAsync(data);
            Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(data));
            foreach (string file in new[] { "hub.db", "hub.db-wal", "hub.db-shm", "admin-token", "hub-certificate.pfx" })
            {
                Assert.Equal((file, OwnerOnlyFile), (file, File.GetUnixFileMode(Path.Combine(data, file))));
            }
        }

        // Files and a directory left readable by an older hub (or a careless copy) are narrowed at the next start.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var loose = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await File.WriteAllBytesAsync(Path.Combine(data, "hub.db-wal"), []);
        foreach (string file in new[] { "hub.db", "hub.db-wal" })
        {
            File.SetUnixFileMode(Path.Combine(data, file), loose);
        }

        await using (var again = await TestHub.StartAsync(o => o.DataDirectory = data))
        {
            await using var held = await OpenAsync(data);
            Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(data));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(data, "hub.db")));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(data, "hub.db-wal")));
        }
    }

    [Fact]
    public async Task Revoking_an_agent_deletes_the_secrets_of_its_waiting_tasks_and_fails_them()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        var (other, otherCredential) = await hub.ActivateAsync();
        string revokedTask = await PostSetConfigAsync(hub, agent);
        string othersTask = await PostSetConfigAsync(hub, other);
        Assert.Contains("priv-secret-1", await StoredConfigAsync(hub, revokedTask), StringComparison.Ordinal);

        (await hub.Api.PostAsync($"api/v1/agents/{agent}/revoke", null)).EnsureSuccessStatusCode();

        AssertNoSecrets(await StoredConfigAsync(hub, revokedTask));
        var view = await hub.Api.GetFromJsonAsync<JsonElement>($"api/v1/agents/{agent}/tasks/{revokedTask}");
        Assert.False(view.GetProperty("ok").GetBoolean());
        Assert.Equal("not handed out: the agent was revoked; its SNMP secrets were deleted", view.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("startedAt").ValueKind);

        // Another agent's waiting task keeps its secrets until that agent takes it.
        var taken = Assert.Single((await hub.Grpc().PollAsync(new PollRequest(), TestHub.Auth(other, otherCredential))).Tasks);
        Assert.Equal((othersTask, "priv-secret-1"), (taken.Id, taken.Config.Profiles[0].PrivPassphrase));
        _ = credential;
    }

    [Fact]
    public async Task A_set_config_task_not_taken_within_the_pending_hours_loses_its_secrets_and_is_never_handed_out()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero));
        await using var hub = await TestHub.StartAsync(o => o.PendingSecretHours = 24, clock.Install);
        var (agent, credential) = await hub.ActivateAsync();
        string old = await PostSetConfigAsync(hub, agent);
        clock.Advance(TimeSpan.FromHours(23));
        string recent = await PostSetConfigAsync(hub, agent);
        clock.Advance(TimeSpan.FromHours(2)); // old: 25 h, recent: 2 h

        using (var scope = hub.Started.App.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PendingTaskSecrets>().ExpireAsync(CancellationToken.None));
        }

        AssertNoSecrets(await StoredConfigAsync(hub, old));
        var view = await hub.Api.GetFromJsonAsync<JsonElement>($"api/v1/agents/{agent}/tasks/{old}");
        Assert.False(view.GetProperty("ok").GetBoolean());
        Assert.Equal("expired: not taken by the agent within 24 h (Hub:PendingSecretHours); its SNMP secrets were deleted", view.GetProperty("message").GetString());
        Assert.Contains("priv-secret-1", await StoredConfigAsync(hub, recent), StringComparison.Ordinal);

        var handed = Assert.Single((await hub.Grpc().PollAsync(new PollRequest(), TestHub.Auth(agent, credential))).Tasks);
        Assert.Equal((recent, "priv-secret-1"), (handed.Id, handed.Config.Profiles[0].PrivPassphrase));
    }

    [Fact]
    public async Task The_data_protection_keys_in_the_store_are_encrypted_with_the_owner_only_key_encryption_certificate()
    {
        await using var hub = await TestHub.StartAsync();
        var user = await hub.UserAsync("ada@acme.example", "acme", "viewer"); // a password link: the first key is made
        using var api = await hub.ApiAsAsync(user);

        var keys = await hub.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.DataProtectionKeys.Select(k => k.Xml!)));

        string xml = Assert.Single(keys);
        Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal); // the key material appears only encrypted
        string certificate = Path.Combine(hub.Options.DataDirectory, Kdfm.Hub.Security.KeyEncryptionCertificate.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(certificate));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/v1/tenants")).StatusCode); // and the hub reads its keys back
    }
}
