using Grpc.Core;
using Kdfm.Agent.V1;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// <c>kdfm-collector activate</c>: redeems an enrolment code for this installation's agent identity. After 5 failed
/// activations the installation refuses to try again until an operator resets it (the count is kept in the data directory).
/// </summary>
public static class Activation
{
    public const int MaxFailures = 5;
    public const string FailuresFile = "activation-failures";

    public sealed record Outcome(AgentIdentity? Identity, string? Error);

    public static int Failures(string dataDirectory)
    {
        string path = Path.Combine(dataDirectory, FailuresFile);
        return File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out int n) ? n : 0;
    }

    /// <summary>Forgets the failed attempts and the identity (the operator's reset).</summary>
    public static void Reset(string dataDirectory)
    {
        File.Delete(Path.Combine(dataDirectory, FailuresFile));
        File.Delete(Path.Combine(dataDirectory, AgentIdentity.FileName));
        File.Delete(SshKey.PathIn(dataDirectory));
        File.Delete(SshKey.PathIn(dataDirectory) + ".pub");
    }

    public static async Task<Outcome> ActivateAsync(Uri hub, string code, string? pin, string dataDirectory, string version, CancellationToken cancellationToken)
    {
        int failures = Failures(dataDirectory);
        if (failures >= MaxFailures)
        {
            return new Outcome(null, $"activation is disabled after {failures} failed attempts; an operator must run kdfm-collector activate --reset first");
        }

        if (AgentIdentity.Load(dataDirectory) is { } existing)
        {
            return new Outcome(null, $"this installation is already activated as agent {existing.AgentId} at {existing.Hub}; kdfm-collector activate --reset forgets it");
        }

        using var connection = new HubConnection(hub, pin);
        try
        {
            // The tunnels' key pair: made before the call, so that the hub records the public key with the agent.
            string sshPublicKey = SshKey.Create(dataDirectory);
            var response = await connection.Client.ActivateAsync(
                new ActivateRequest { Code = code, HostName = Environment.MachineName, Version = version, SshPublicKey = sshPublicKey },
                deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
            var identity = new AgentIdentity(hub, response.AgentId, new Kdfm.Snmp.Security.Secret(response.Credential), response.Tenant, pin is null ? null : HubConnection.Normalize(pin))
            {
                Ssh = SshHub.From(response.Ssh),
            };
            identity.Save(dataDirectory);
            File.Delete(Path.Combine(dataDirectory, FailuresFile));
            return new Outcome(identity, null);
        }
        catch (RpcException e)
        {
            string reason = Describe(e, hub, pin);
            // Only the hub's refusals count as failed attempts: a hub that cannot be reached proves nothing.
            if (e.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
            {
                failures++;
                OwnerOnlyFile.Write(Path.Combine(dataDirectory, FailuresFile), failures.ToString(System.Globalization.CultureInfo.InvariantCulture));
                reason += failures >= MaxFailures
                    ? $" — that was failed attempt {failures} of {MaxFailures}: activation is now disabled until kdfm-collector activate --reset"
                    : $" (failed attempt {failures} of {MaxFailures})";
            }

            return new Outcome(null, reason);
        }
    }

    /// <summary>A gRPC failure in words: the hub's refusal, or why the hub could not be reached.</summary>
    public static string Describe(RpcException e, Uri hub, string? pin) => e.StatusCode switch
    {
        StatusCode.PermissionDenied or StatusCode.Unauthenticated => $"the hub refused: {e.Status.Detail}",
        StatusCode.Internal when e.Status.Detail.Contains("SSL", StringComparison.OrdinalIgnoreCase) =>
            pin is null
                ? $"{hub}: the hub's certificate is not trusted (a self-signed hub prints its SHA-256 fingerprint: pass it with --pin)"
                : $"{hub}: the hub's certificate does not match the pinned fingerprint",
        StatusCode.Unavailable => $"{hub}: cannot reach the hub ({e.Status.Detail})",
        StatusCode.DeadlineExceeded => $"{hub}: the hub did not answer in time",
        _ => $"{hub}: {e.StatusCode}: {e.Status.Detail}",
    };
}
