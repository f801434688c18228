using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kdfm.Agent.V1;
using static Kdfm.Hub.Tests.TestSnapshots;

namespace Kdfm.Hub.Tests;

/// <summary>A device is (tenant, key): two tenants' printers with one key are never merged by the read API.</summary>
public sealed class TenantApiTests
{
    private static long Total(JsonElement snapshot) => snapshot.GetProperty("counters")[0].GetProperty("value").GetInt64();

    private static async Task<TestHub> TwoTenantsWithOneKeyAsync()
    {
        var clock = new ManualClock(Now);
        var hub = await TestHub.StartAsync(host: clock.Install);
        var (acme, acmeCredential) = await hub.ActivateAsync("acme");
        var (globex, globexCredential) = await hub.ActivateAsync("globex");
        var client = hub.Grpc();
        await client.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:SAME", Now, 100), Reading(2, "hp:ACME", Now, 300), Reading(3, "hp:SAME", Now, 110) } },
            TestHub.Auth(acme, acmeCredential));
        clock.Advance(TimeSpan.FromMinutes(1));
        await client.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:SAME", Now, 9000) } }, TestHub.Auth(globex, globexCredential));
        return hub;
    }

    [Fact]
    public async Task A_key_in_two_tenants_is_ambiguous_alone_and_each_tenants_device_keeps_its_own_readings()
    {
        await using var hub = await TwoTenantsWithOneKeyAsync();

        var ambiguous = await hub.Api.GetAsync("api/v1/devices/hp:SAME");
        Assert.Equal(HttpStatusCode.Conflict, ambiguous.StatusCode);
        var problem = await ambiguous.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["acme", "globex"], problem.GetProperty("tenants").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.Conflict, (await hub.Api.GetAsync("api/v1/devices/hp:SAME/readings")).StatusCode);

        var acme = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/tenants/acme/devices/hp:SAME");
        Assert.Equal((110L, "acme"), (Total(acme), acme.GetProperty("tenant").GetString()));
        var globex = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices/hp:SAME?tenant=globex");
        Assert.Equal((9000L, "globex"), (Total(globex), globex.GetProperty("tenant").GetString()));

        var acmeReadings = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/tenants/acme/devices/hp:SAME/readings");
        Assert.Equal([100L, 110L], acmeReadings.EnumerateArray().Select(Total).ToArray());
        var globexReadings = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices/hp:SAME/readings?tenant=globex");
        Assert.Equal([9000L], globexReadings.EnumerateArray().Select(Total).ToArray());

        // A key in one tenant only needs no tenant.
        Assert.Equal(300, Total(await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices/hp:ACME")));
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Api.GetAsync("api/v1/tenants/globex/devices/hp:ACME")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Api.GetAsync("api/v1/tenants/globex/devices/hp:ACME/readings")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Api.GetAsync("api/v1/tenants/initech/devices/hp:SAME")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Api.GetAsync("api/v1/devices/hp:NONE")).StatusCode);
    }

    [Fact]
    public async Task The_device_list_names_each_devices_tenant_and_filters_by_tenant()
    {
        await using var hub = await TwoTenantsWithOneKeyAsync();

        var all = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices");
        Assert.Equal([("acme", "hp:ACME", 300L), ("acme", "hp:SAME", 110L), ("globex", "hp:SAME", 9000L)],
            all.EnumerateArray().Select(d => (d.GetProperty("tenant").GetString(), d.GetProperty("key").GetString(), Total(d))).ToArray());
        var globex = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/tenants/globex/devices");
        Assert.Equal([9000L], globex.EnumerateArray().Select(Total).ToArray());
        var acme = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices?tenant=acme");
        Assert.Equal([300L, 110L], acme.EnumerateArray().Select(Total).ToArray());
        var tenants = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/tenants");
        Assert.Equal([("acme", "customer", 2), ("globex", "customer", 1), ("test-dealer", "dealer", 0)],
            tenants.EnumerateArray().Select(t => (t.GetProperty("name").GetString(), t.GetProperty("kind").GetString(), t.GetProperty("devices").GetInt32())).ToArray());
    }
}
